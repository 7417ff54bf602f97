package org.cybervein.node;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plaintext alternative to the gRPC transport with mutual TLS: plaintext TCP, one outgoing
 * connection per peer, frames {@code u32 length || bytes}, the first frame of a connection naming
 * its sender. The sender name is a claim, so this transport is for loopback clusters and tests
 * only; {@link Links} chooses it only when asked for {@code plain-tcp}.
 *
 * <p>Sends never block the caller: each peer has a sender thread and a queue bounded in bytes
 * ({@link #MAX_QUEUED_BYTES}); a message that does not fit, or whose connection fails, is dropped
 * and counted. A failed connection is retried on the next message after a capped backoff.
 */
final class PlainTcpTransport implements Transport, AutoCloseable {
  static final int MAX_FRAME = 80 << 20;
  static final long MAX_QUEUED_BYTES = 64L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(PlainTcpTransport.class);

  private final NodeId self;
  private final Map<NodeId, InetSocketAddress> peers;
  private final ServerSocket server;
  private final Map<NodeId, Outbox> outboxes = new ConcurrentHashMap<>();
  private volatile MessageHandler handler = (from, message) -> {};
  private volatile boolean closed;

  private PlainTcpTransport(
      NodeId self, Map<NodeId, InetSocketAddress> peers, ServerSocket server) {
    this.self = self;
    this.peers = Map.copyOf(peers);
    this.server = server;
  }

  static PlainTcpTransport start(
      NodeId self, InetSocketAddress listen, Map<NodeId, InetSocketAddress> peers)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(listen.getHostString(), listen.getPort()));
    PlainTcpTransport t = new PlainTcpTransport(self, peers, server);
    Thread acceptor = new Thread(t::acceptLoop, "tcp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return t;
  }

  InetSocketAddress boundAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Messages to {@code peer} dropped: queue full or connection failed. */
  long drops(NodeId peer) {
    Outbox o = outboxes.get(peer);
    return o == null ? 0 : o.drops.get();
  }

  @Override
  public NodeId localNode() {
    return self;
  }

  @Override
  public void register(MessageHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public void send(NodeId to, Bytes message) {
    InetSocketAddress address = peers.get(to);
    if (address == null || closed) {
      return;
    }
    outboxes.computeIfAbsent(to, n -> new Outbox(n, address)).offer(message);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing the listener", e);
    }
    outboxes.values().forEach(Outbox::close);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        Thread reader = new Thread(() -> readLoop(socket), "tcp-read");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("accept failed: {}", e.toString());
        }
      }
    }
  }

  private void readLoop(Socket socket) {
    try (socket;
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(socket.getInputStream()))) {
      socket.setTcpNoDelay(true);
      byte[] hello = readFrame(in, 1024);
      NodeId from = new NodeId(new String(hello, StandardCharsets.UTF_8));
      if (!peers.containsKey(from)) {
        LOG.warn("refused a connection claiming to be unknown node {}", from);
        return;
      }
      while (!closed) {
        byte[] frame = readFrame(in, MAX_FRAME);
        handler.onMessage(from, Bytes.of(frame));
      }
    } catch (EOFException e) {
      // The peer closed the connection; it reconnects when it has something to send.
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.debug("connection ended: {}", e.toString());
      }
    }
  }

  private static byte[] readFrame(DataInputStream in, int max) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > max) {
      throw new IOException("frame of " + length + " bytes refused");
    }
    byte[] frame = new byte[length];
    in.readFully(frame);
    return frame;
  }

  /** One peer's queue and sender thread. */
  private final class Outbox {
    private final NodeId peer;
    private final InetSocketAddress address;
    private final LinkedBlockingQueue<Bytes> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private final Thread thread;
    private Socket socket;
    private DataOutputStream out;
    private long backoffMillis = 50;
    private long retryAt;

    Outbox(NodeId peer, InetSocketAddress address) {
      this.peer = peer;
      this.address = address;
      this.thread = new Thread(this::run, "tcp-send-" + peer.value());
      thread.setDaemon(true);
      thread.start();
    }

    void offer(Bytes message) {
      if (queuedBytes.addAndGet(message.size()) > MAX_QUEUED_BYTES) {
        queuedBytes.addAndGet(-message.size());
        drops.incrementAndGet();
        return;
      }
      queue.add(message);
    }

    void close() {
      thread.interrupt();
      disconnect();
    }

    private void run() {
      while (!closed) {
        Bytes message;
        try {
          message = queue.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (message == null) {
          continue;
        }
        queuedBytes.addAndGet(-message.size());
        if (!connected()) {
          drops.incrementAndGet();
          continue;
        }
        try {
          out.writeInt(message.size());
          out.write(message.toByteArray());
          if (queue.isEmpty()) {
            out.flush();
          }
        } catch (IOException e) {
          drops.incrementAndGet();
          disconnect();
        }
      }
    }

    private boolean connected() {
      if (out != null) {
        return true;
      }
      long now = System.nanoTime() / 1_000_000;
      if (now < retryAt) {
        return false;
      }
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 1000);
        s.setTcpNoDelay(true);
        DataOutputStream o = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
        byte[] hello = self.value().getBytes(StandardCharsets.UTF_8);
        o.writeInt(hello.length);
        o.write(hello);
        socket = s;
        out = o;
        backoffMillis = 50;
        return true;
      } catch (IOException e) {
        retryAt = now + backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, 2000);
        LOG.debug("cannot reach {} at {}: {}", peer, address, e.toString());
        return false;
      }
    }

    private void disconnect() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException e) {
        LOG.debug("closing link to {}", peer, e);
      }
      socket = null;
      out = null;
    }
  }
}
