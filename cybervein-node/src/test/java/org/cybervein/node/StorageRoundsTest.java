package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three storage roles in one JVM over an in-memory router (each node's messages delivered on its
 * own thread, as the links do): they produce blocks together and agree on tip and state root; when
 * one goes silent the other two carry on (the round's timeout, a silent winner left out); when it
 * comes back it catches up by asking for the blocks it missed; after a restart from its LMDB data
 * directory it resumes where it stopped.
 */
class StorageRoundsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Routes messages between the nodes; a cut node neither sends nor receives. */
  private static final class Router {
    final Map<NodeId, MessageHandler> handlers = new ConcurrentHashMap<>();
    final Map<NodeId, ExecutorService> inboxes = new ConcurrentHashMap<>();
    final Set<NodeId> cut = ConcurrentHashMap.newKeySet();

    Transport transport(NodeId self) {
      inboxes.put(self, Executors.newSingleThreadExecutor());
      return new Transport() {
        @Override
        public NodeId localNode() {
          return self;
        }

        @Override
        public void send(NodeId to, Bytes message) {
          ExecutorService inbox = inboxes.get(to);
          if (inbox == null || cut.contains(self) || cut.contains(to)) {
            return;
          }
          inbox.execute(
              () -> {
                MessageHandler h = handlers.get(to);
                if (h != null && !cut.contains(to)) {
                  h.onMessage(self, message);
                }
              });
        }

        @Override
        public void register(MessageHandler handler) {
          handlers.put(self, handler);
        }
      };
    }

    void close() {
      inboxes.values().forEach(ExecutorService::shutdownNow);
    }
  }

  @Test
  @Timeout(240)
  void storageNodesAgreeCarryOnWithoutASilentOneAndItCatchesUp(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("init", "--dir", dir.toString()));
    int port = 18_000;
    for (String m : List.of("s0,storage", "s1,storage", "s2,storage", "alice,account")) {
      args.addAll(List.of("--member", m + ",127.0.0.1:" + port++ + ",127.0.0.1:" + port++));
    }
    if (Main.execute(args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("init failed");
    }
    Router router = new Router();
    List<StorageRole> roles = new ArrayList<>();
    try {
      for (String id : List.of("s0", "s1", "s2")) {
        roles.add(start(dir, id, router));
      }
      awaitAgreement(roles, 3);
      // s2 goes silent: the other two go on, waiting out its contribution each round.
      router.cut.add(new NodeId("s2"));
      long h = height(roles.get(0));
      awaitAgreement(roles.subList(0, 2), h + 3);
      // s2 is back: the next block it sees has a parent it lacks, it asks for the chain and catches
      // up.
      router.cut.clear();
      awaitAgreement(roles, height(roles.get(0)) + 2);
      // s2 restarts from its LMDB directory and resumes at (at least) the height it had.
      long before = height(roles.get(2));
      roles.get(2).close();
      roles.set(2, start(dir, "s2", router));
      assertTrue(height(roles.get(2)) >= before, "s2 resumed its chain from LMDB");
      awaitAgreement(roles, height(roles.get(0)) + 2);
    } finally {
      roles.forEach(StorageRole::close);
      router.close();
    }
  }

  private static StorageRole start(Path dir, String id, Router router) throws Exception {
    Path conf = dir.resolve(id + ".conf");
    NodeConfig node = NodeConfig.load(conf);
    return StorageRole.start(
        node,
        DataFlowGenesis.load(conf),
        NodeKeyFiles.load(node.keys()),
        router.transport(node.self().id()),
        new PrometheusRegistry());
  }

  private static long height(StorageRole role) {
    return role.status().get("height").getAsLong();
  }

  /** Waits until every role is at {@code height} or above with one tip and one state root. */
  private static void awaitAgreement(List<StorageRole> roles, long height)
      throws InterruptedException {
    NodeProcesses.await(
        roles.size() + " storage nodes agree at height " + height + " or above",
        WAIT,
        () -> {
          List<JsonObject> s = roles.stream().map(StorageRole::status).toList();
          return s.stream().allMatch(o -> o.get("height").getAsLong() >= height)
              && s.stream().map(o -> o.get("tip").getAsString()).distinct().count() == 1
              && s.stream().map(o -> o.get("stateRoot").getAsString()).distinct().count() == 1;
        });
  }
}
