package kafkasim.generator.transport.mqtt;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import kafkasim.common.mqtt.MqttUrl;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.generator.transport.DeviceAddress;
import kafkasim.generator.transport.Transport;

/**
 * Publishes each device's messages over that device's own MQTT connection to
 * {@code devices/{type}/{deviceId}/telemetry}. Connections are opened in {@link #attach} (before the worker
 * reports ready, so connection set-up is not part of the measured run) and kept open; a device that loses the
 * broker reconnects by itself, and what it publishes meanwhile waits in its client.
 */
public final class MqttTransport implements Transport {
    /** Connections being set up at once: a burst of thousands of TCP handshakes overruns the listen backlog. */
    static final int CONNECTS_IN_FLIGHT = 200;
    /** Time for one connection; a worker with n devices waits {@code n / CONNECTS_IN_FLIGHT} times this at most. */
    static final long CONNECT_TIMEOUT_MS = 30_000;

    /**
     * Loopback source addresses the devices spread over when the broker is on this machine. Linux keeps one
     * ephemeral port range ({@code net.ipv4.ip_local_port_range}, 28,232 ports by default) per source address and
     * destination: from 127.0.0.1 alone a machine cannot hold more device connections than that to one broker.
     */
    static final int LOOPBACK_SOURCE_ADDRESSES = 16;

    private final MqttUrl url;
    private final boolean brokerOnLoopback;
    private final MqttSettings settings;
    private final Map<String, MqttClientSecurity> security;
    /** Per device type, read from its files at its first device. */
    private final Map<String, DeviceSecurity> groups = new ConcurrentHashMap<>();
    private final Map<String, DeviceConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final Object drained = new Object();
    /** Set by {@link #close}: only then is anybody waiting for the last acknowledgement (no monitor per message). */
    private volatile boolean closing;

    /** Plain TCP, anonymous devices. */
    public MqttTransport(String url, MqttSettings settings) {
        this(url, settings, Map.of());
    }

    /**
     * @param security per device type, how its devices connect; a type left out connects plain and anonymous
     */
    public MqttTransport(String url, MqttSettings settings, Map<String, MqttClientSecurity> security) {
        this.url = MqttUrl.parse(url);
        this.settings = settings.withDefaults();
        this.security = Map.copyOf(security);
        this.brokerOnLoopback = isLoopback(this.url.host());
    }

    /**
     * Connects every device of {@code devices} that is not connected yet and disconnects the connected ones that
     * are not in it; returns when the new ones are connected or refused by the broker.
     *
     * @throws IllegalStateException when a device cannot connect for another reason than a refusal (its error
     *                               included), or a group's security files cannot be read (naming the file)
     */
    @Override
    public void attach(Collection<DeviceAddress> devices) throws InterruptedException {
        Set<String> wanted = new HashSet<>();
        List<DeviceAddress> added = new ArrayList<>();
        for (DeviceAddress d : devices) {
            if (wanted.add(d.deviceId()) && !connections.containsKey(d.deviceId())) {
                added.add(d);
            }
        }
        List<CompletableFuture<Void>> gone = new ArrayList<>();
        connections.keySet().removeIf(id -> {
            if (!wanted.contains(id)) {
                gone.add(connections.get(id).disconnect());
                return true;
            }
            return false;
        });
        connectAll(added);
        awaitQuietly(gone, CONNECT_TIMEOUT_MS);
    }

    private void connectAll(List<DeviceAddress> devices) throws InterruptedException {
        Semaphore slots = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<?>> connecting = new ArrayList<>();
        for (DeviceAddress d : devices) {
            if (!slots.tryAcquire(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                break; // a connect hangs: the check below names it
            }
            DeviceConnection c = DeviceConnection.create(url, localAddress(d.deviceId()), d.type(), d.deviceId(),
                    settings, groupSecurity(d.type()));
            connections.put(d.deviceId(), c);
            connecting.add(c.connect(settings).whenComplete((ack, error) -> slots.release()));
        }
        for (int i = 0; i < connecting.size(); i++) {
            try {
                connecting.get(i).get(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!MqttRejections.refusesConnection(e.getCause())) {
                    throw cannotConnect(devices.get(i), e);
                }
                // refused: the device keeps the refusal and the others go on
                connections.get(devices.get(i).deviceId()).refuse(e.getCause());
            } catch (TimeoutException e) {
                throw cannotConnect(devices.get(i), e);
            }
        }
        if (connecting.size() < devices.size()) {
            throw new IllegalStateException("connecting " + devices.size() + " devices to " + url
                    + " stalled after " + connecting.size());
        }
    }

    private IllegalStateException cannotConnect(DeviceAddress device, Exception e) {
        return new IllegalStateException("device " + device.deviceId() + " cannot connect to " + url + ": "
                + (e.getCause() != null ? e.getCause().getMessage() : "no CONNACK within " + CONNECT_TIMEOUT_MS
                + " ms"), e);
    }

    private DeviceSecurity groupSecurity(String type) {
        MqttClientSecurity s = security.get(type);
        if (s == null) {
            return DeviceSecurity.PLAIN;
        }
        try {
            return groups.computeIfAbsent(type, t -> DeviceSecurity.of(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("device group " + type + " cannot connect securely: " + e.getMessage(), e);
        }
    }

    /** How many of the attached devices the broker refused. */
    long refusedDevices() {
        return connections.values().stream().filter(c -> c.refusal() != null).count();
    }

    @Override
    public Rejection rejectionOf(Throwable error) {
        return MqttRejections.of(error);
    }

    /** 127.0.0.2..: one of {@link #LOOPBACK_SOURCE_ADDRESSES} by the device id's hash; null off loopback. */
    InetAddress localAddress(String deviceId) {
        if (!brokerOnLoopback) {
            return null;
        }
        int n = 2 + Math.floorMod(deviceId.hashCode(), LOOPBACK_SOURCE_ADDRESSES);
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static boolean isLoopback(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() && address.getAddress().length == 4;
        } catch (UnknownHostException e) {
            return false; // the connect will say what is wrong with the host
        }
    }

    @Override
    public void publish(DeviceAddress device, byte[] payload, Completion completion) {
        DeviceConnection c = connections.get(device.deviceId());
        if (c == null) {
            completion.completed(new IllegalStateException("device " + device.deviceId() + " is not attached"));
            return;
        }
        Throwable refusal = c.refusal();
        if (refusal != null) {
            completion.completed(refusal); // the same instance every time: nothing allocated per refused message
            return;
        }
        pending.incrementAndGet();
        try {
            // the client keeps the array until it is written, and the worker reuses its buffer: copy
            c.publish(payload.clone(), error -> {
                completion.completed(error);
                if (pending.decrementAndGet() == 0 && closing) {
                    synchronized (drained) {
                        drained.notifyAll();
                    }
                }
            });
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            completion.completed(e);
        }
    }

    /** Messages published and not yet acknowledged or failed. */
    long pending() {
        return pending.get();
    }

    /**
     * Waits up to {@code flushTimeout} for every outstanding acknowledgement, then disconnects every device
     * (a publish still outstanding then fails: counted as failed, not lost).
     */
    @Override
    public void close(Duration flushTimeout) {
        long deadline = System.nanoTime() + flushTimeout.toNanos();
        closing = true;
        synchronized (drained) {
            long left;
            while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<CompletableFuture<Void>> disconnecting = new ArrayList<>();
        connections.values().forEach(c -> disconnecting.add(c.disconnect()));
        connections.clear();
        try {
            awaitQuietly(disconnecting, CONNECT_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(List<CompletableFuture<Void>> futures, long timeoutMs)
            throws InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a device that was not connected any more has nothing to close
        }
    }
}
