package io.portcullis.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A private Sentinel group for tests: a master, one replica, and {@code sentinels} sentinels (quorum: a majority)
 * that declare the master down after 1 s and may fail over again after 2 s, on free ports of 127.0.0.1.
 * {@link #close()} kills every process and deletes its files.
 */
public final class RedisSentinelHarness implements AutoCloseable {

    public static final String MASTER = "portcullis";

    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinelHarness() {
    }

    public static RedisSentinelHarness start(int sentinelCount) {
        RedisSentinelHarness group = new RedisSentinelHarness();
        try {
            int masterPort = FreePort.find();
            group.servers.add(RedisProcess.start(masterPort, null, List.of("--port", Integer.toString(masterPort))));
            int replicaPort = FreePort.find();
            group.servers.add(RedisProcess.start(replicaPort, null, List.of("--port", Integer.toString(replicaPort),
                    "--replicaof", "127.0.0.1", Integer.toString(masterPort))));
            group.awaitInSync(replicaPort);
            for (int i = 0; i < sentinelCount; i++) {
                int port = FreePort.find();
                String config = "port " + port + "\n"
                        + "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " " + (sentinelCount / 2 + 1) + "\n"
                        + "sentinel down-after-milliseconds " + MASTER + " 1000\n"
                        + "sentinel failover-timeout " + MASTER + " 2000\n";
                group.sentinels.add(RedisProcess.start(port, config, List.of("--sentinel")));
            }
            group.awaitReplicaKnown();
            return group;
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** {@code redis+sentinel://} naming every sentinel, database 0 of master {@link #MASTER}. */
    public String url() {
        return "redis+sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
                + "/0?master=" + MASTER;
    }

    /** The port of the master the sentinels name now. */
    public int masterPort() {
        String[] answer = RedisProcess.cli("-p", Integer.toString(sentinels.get(0).port()), "sentinel",
                "get-master-addr-by-name", MASTER).trim().split("\n");
        return Integer.parseInt(answer[1].trim());
    }

    /** SIGKILLs the master the sentinels name now; returns its port. */
    public int killMaster() {
        int port = masterPort();
        servers.stream().filter(server -> server.port() == port).findFirst().orElseThrow().kill();
        return port;
    }

    private void awaitInSync(int replicaPort) {
        RedisProcess.await(() -> RedisProcess.cli("-p", Integer.toString(replicaPort), "info", "replication")
                .contains("master_link_status:up"), "the replica did not sync");
    }

    /** A sentinel fails over only to a replica it has learnt of from the master. */
    private void awaitReplicaKnown() {
        RedisProcess.await(() -> sentinels.stream().allMatch(s -> RedisProcess.cli("-p", Integer.toString(s.port()), "sentinel",
                "replicas", MASTER).contains("slave")), "the sentinels did not find the replica");
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
    }
}
