package io.portcullis.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A private Redis Cluster for tests: three masters and three replicas ({@code cluster-enabled yes}, joined by
 * {@code redis-cli --cluster create --cluster-replicas 1}) on free ports of 127.0.0.1, with a 1 s node timeout so a
 * killed master's replica is promoted within a few seconds. {@link #close()} kills every node and deletes its files.
 */
public final class RedisClusterHarness implements AutoCloseable {

    private static final int NODES = 6;

    private final List<RedisProcess> nodes = new ArrayList<>();

    private RedisClusterHarness() {
    }

    public static RedisClusterHarness start() {
        RedisClusterHarness cluster = new RedisClusterHarness();
        try {
            for (int i = 0; i < NODES; i++) {
                int port = FreePort.find();
                cluster.nodes.add(RedisProcess.start(port, null, List.of("--port", Integer.toString(port),
                        "--cluster-enabled", "yes", "--cluster-port", Integer.toString(FreePort.find()),
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
                        // a replica may take over however long ago it last heard from its master
                        "--cluster-replica-validity-factor", "0")));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            cluster.nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            RedisProcess.cli(create.toArray(String[]::new));
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code redis+cluster://} naming every node as a seed. */
    public String url() {
        return "redis+cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
    }

    /** The port of the live master that owns the slot of {@code hashTag} (what a key tagged {@code {hashTag}} hashes to). */
    public int masterOf(String hashTag) {
        int probe = anyLivePort();
        int slot = Integer.parseInt(RedisProcess.cli("-p", Integer.toString(probe), "cluster", "keyslot", hashTag).trim());
        for (String line : RedisProcess.cli("-p", Integer.toString(probe), "cluster", "nodes").split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                int from = Integer.parseInt(range[0]);
                int to = Integer.parseInt(range[range.length - 1]);
                if (slot >= from && slot <= to) {
                    return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                }
            }
        }
        throw new IllegalStateException("no live master owns slot " + slot);
    }

    /** SIGKILLs the master owning {@code hashTag}'s slot; returns its port. */
    public int killMasterOf(String hashTag) {
        int port = masterOf(hashTag);
        nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow().kill();
        return port;
    }

    /** Until every node reports {@code cluster_state:ok} and every replica is in sync with its master. */
    private void awaitHealthy() {
        RedisProcess.await(() -> nodes.stream().allMatch(node -> {
            String port = Integer.toString(node.port());
            String replication = RedisProcess.cli("-p", port, "info", "replication");
            return RedisProcess.cli("-p", port, "cluster", "info").contains("cluster_state:ok")
                    && (replication.contains("role:master") || replication.contains("master_link_status:up"));
        }), "the test cluster did not become healthy");
    }

    private int anyLivePort() {
        return nodes.stream().filter(RedisProcess::alive).findFirst().orElseThrow().port();
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
