package kafkasim.jobs.medium;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A JDBC stand-in with just what {@link PostgresTelemetryWriter} uses: a batch as column arrays, keys (device_id, seq)
 * committed per transaction, ON CONFLICT DO NOTHING counts, and injectable failures of executeUpdate.
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
        Object[][] arrays = new Object[2][];
        InvocationHandler statement = (proxy, method, args) -> switch (method.getName()) {
            case "setArray" -> {
                int index = (Integer) args[0];
                if (index <= 2) {
                    arrays[index - 1] = (Object[]) ((Array) args[1]).getArray();
                }
                yield null;
            }
            case "close" -> null;
            case "execute" -> {
                tableCreated = true;
                yield false;
            }
            case "executeUpdate" -> {
                if (failNextExecutes > 0) {
                    failNextExecutes--;
                    throw new SQLException("connection reset (injected)");
                }
                batchSizes.add(arrays[0].length);
                int inserted = 0;
                for (int i = 0; i < arrays[0].length; i++) {
                    String k = arrays[0][i] + "/" + arrays[1][i];
                    if (!committed.contains(k) && staged.add(k)) {
                        inserted++;
                    }
                }
                yield inserted;
            }
            default -> throw new UnsupportedOperationException(method.getName());
        };
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, statement);
        InvocationHandler connection = (proxy, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> ps;
            case "createArrayOf" -> array((Object[]) args[1]);
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

    private Array array(Object[] elements) {
        Object[] copy = elements.clone(); // the writer reuses its column arrays
        return (Array) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Array.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getArray" -> copy;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
