package kafkasim.infra.launch;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The child of {@link ServerLauncherTest}: binds 127.0.0.1:PORT, prints {@value #READY_LINE} and runs until its
 * stdin closes (its parent closed it or died); a taken port makes it print the OS's reason and exit
 * {@value #EXIT_BIND_FAILED}.
 */
public final class FakeServerMain {
    static final String READY_LINE = "ready";
    static final int EXIT_BIND_FAILED = 3;

    private FakeServerMain() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        try (ServerSocket socket = new ServerSocket()) {
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            } catch (BindException e) {
                System.err.println("could not bind 127.0.0.1:" + port + ": " + e.getMessage());
                System.exit(EXIT_BIND_FAILED);
            }
            System.out.println(READY_LINE);
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin ends
            }
        }
    }
}
