package smokeindex.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts an in-process Neo4j Community server (neo4j-harness) for smokeindex integration tests.
 *
 * <pre>
 * java [JVM flags] -cp 'target/classes:target/lib/*:target/plugins/*' smokeindex.tools.Neo4jLauncher \
 *      [--port 7688] [--data-dir build/neo4j/data] [--plugins-dir target/plugins]
 * </pre>
 *
 * Environment: SMOKEINDEX_NEO4J_TEST_PORT (default 7688), SMOKEINDEX_NEO4J_PASSWORD
 * (default smokeindex-test). Bolt listens on 127.0.0.1 only, HTTP is off, authentication is on
 * (user neo4j, no forced password change). Prints "NEO4J_READY bolt://127.0.0.1:PORT" once
 * Bolt accepts connections; stops cleanly on SIGTERM / SIGINT.
 */
public final class Neo4jLauncher {

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Neo4j leaves non-daemon threads behind on a failed start: exit explicitly.
            System.out.println("NEO4J_FAILED " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int port = Integer.parseInt(env("SMOKEINDEX_NEO4J_TEST_PORT", "7688"));
        Path dataDir = Path.of("build/neo4j/data");
        Path pluginsDir = null;
        String password = env("SMOKEINDEX_NEO4J_PASSWORD", "smokeindex-test");

        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--data-dir" -> dataDir = Path.of(require(args[i], value));
                case "--plugins-dir" -> pluginsDir = Path.of(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
            i++;
        }
        dataDir = dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);

        // The harness creates a random sub-directory of dataDir for the store and logs.
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(dataDir)
                .withDisabledServer() // HTTP/HTTPS off; Bolt only
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                // Test server: no lock-out after failed logins (default is 3 failures -> 5 s lock,
                // which would make tests that try a wrong password break the ones that follow).
                .withConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                .withConfig(GraphDatabaseSettings.pagecache_memory,
                        Long.parseLong(env("SMOKEINDEX_NEO4J_PAGECACHE_MB", "256")) * 1024 * 1024)
                // Throw-away store: do not reserve 256 MB per transaction log file on disk.
                .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Netty waits a 5 s "quiet period" per event loop group on shutdown (~10 s in all).
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            builder = builder
                    .withConfig(GraphDatabaseSettings.plugin_dir, pluginsDir.toAbsolutePath())
                    .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
        }

        Neo4j neo4j = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J_STOPPING");
            System.out.flush();
            neo4j.close();
            System.out.println("NEO4J_STOPPED");
            System.out.flush();
            stopped.countDown();
        }, "neo4j-shutdown"));

        // A fresh store has neo4j/neo4j with a forced password change. Set the real password
        // directly in the system database (embedded calls bypass auth) and clear that flag,
        // so clients can log in right away. Done before READY is printed.
        GraphDatabaseService system = neo4j.databaseManagementService().database("system");
        try (Transaction tx = system.beginTx()) {
            tx.execute("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
            tx.commit();
        }

        System.out.println("NEO4J_READY bolt://127.0.0.1:" + neo4j.boltURI().getPort());
        System.out.flush();
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
