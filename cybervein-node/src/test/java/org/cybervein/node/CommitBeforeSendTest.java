package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.junit.jupiter.api.Test;

/** The process-crash barrier: what a message depends on is committed before it leaves. */
class CommitBeforeSendTest {
  private final List<String> log = new ArrayList<>();
  private int pending;

  private boolean commit() {
    boolean any = pending > 0;
    if (any) {
      log.add("commit " + pending);
      pending = 0;
    }
    return any;
  }

  private final Transport network =
      new Transport() {
        @Override
        public NodeId localNode() {
          return new NodeId("m0");
        }

        @Override
        public void send(NodeId to, Bytes message) {
          log.add(
              "send "
                  + to.value()
                  + " "
                  + new String(message.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void register(MessageHandler handler) {}
      };

  @Test
  void eachSendCommitsTheWritesBeforeItAndCloseCommitsAndSyncsTheRest() {
    CommitBeforeSend barrier = new CommitBeforeSend(this::commit, () -> log.add("sync"), network);
    Transport t = barrier.transport();
    pending = 2;
    t.send(new NodeId("m1"), Bytes.utf8("prepare"));
    t.send(new NodeId("m2"), Bytes.utf8("prepare"));
    pending = 1;
    barrier.endEvent();
    pending = 3;
    barrier.close();
    assertEquals(
        List.of("commit 2", "send m1 prepare", "send m2 prepare", "commit 1", "commit 3", "sync"),
        log);
  }
}
