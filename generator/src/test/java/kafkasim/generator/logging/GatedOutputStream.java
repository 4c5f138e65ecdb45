package kafkasim.generator.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** Test sink whose writes block until {@link #open()}, standing in for a stalled disk. */
final class GatedOutputStream extends OutputStream {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    void open() {
        gate.countDown();
    }

    synchronized String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        synchronized (this) {
            captured.write(bytes, offset, length);
        }
    }
}
