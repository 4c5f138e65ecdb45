package kafkasim.jobs.medium;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A JDBC stand-in with just what {@link PostgresTelemetryWriter} uses: keys (device_id, seq) committed per
 * transaction, ON CONFLICT DO NOTHING counts, and injectable failures of executeBatch.
 */
final class FakeDatabase {
    final Set<String> committed = new HashSet<>();
    final List<Integer> batchSizes = new ArrayList<>();
    int connectionsOpened;
    int failNextExecutes;
    boolean tableCreated;

    Connection open() {
        connectionsOpened++;
        Set<String> staged = new HashSet<>();
        List<String> pending = new ArrayList<>();
        String[] key = new String[2];
        InvocationHandler statement = (proxy, method, args) -> switch (method.getName()) {
            case "setString", "setLong" -> {
                int index = (Integer) args[0];
                if (index <= 2) {
                    key[index - 1] = String.valueOf(args[1]);
                }
                yield null;
            }
            case "setObject", "setBoolean", "close" -> null;
            case "addBatch" -> {
                pending.add(key[0] + "/" + key[1]);
                yield null;
            }
            case "execute" -> {
                tableCreated = true;
                yield false;
            }
            case "executeBatch" -> {
                List<String> batch = new ArrayList<>(pending);
                pending.clear();
                if (failNextExecutes > 0) {
                    failNextExecutes--;
                    throw new SQLException("connection reset (injected)");
                }
                batchSizes.add(batch.size());
                int[] counts = new int[batch.size()];
                for (int i = 0; i < counts.length; i++) {
                    String k = batch.get(i);
                    counts[i] = committed.contains(k) || !staged.add(k) ? 0 : 1;
                }
                yield counts;
            }
            default -> throw new UnsupportedOperationException(method.getName());
        };
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, statement);
        InvocationHandler connection = (proxy, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> ps;
            case "createStatement" -> (Statement) ps;
            case "commit" -> {
                committed.addAll(staged);
                staged.clear();
                yield null;
            }
            case "rollback" -> {
                staged.clear();
                yield null;
            }
            case "close", "setAutoCommit" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                connection);
    }
}
