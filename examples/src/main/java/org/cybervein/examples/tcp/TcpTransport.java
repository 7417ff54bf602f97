package org.cybervein.examples.tcp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;

/**
 * A {@link Transport} over TCP on real sockets: what a host writes to run the SDK's protocol cores
 * outside the simulation. It shows that the cores need nothing but the {@code Transport} and {@code
 * Clock} interfaces; it is an example, not a hardened network stack (no TLS, no reconnect backoff).
 *
 * <p>Frames are {@code u16 len || sender id (UTF-8) || u32 len || message}. The sender id is a
 * claim, as {@link MessageHandler} says: protocols authenticate by signature. Frames above {@link
 * #MAX_FRAME_SIZE} close the connection, so a peer cannot make this node buffer without bound.
 *
 * <p>Received messages are handed to the handler as zero-delay timers of the injected {@link
 * Clock}: with a {@link org.cybervein.api.time.SystemClock}, every delivery and every timer of a
 * core run on the clock's one thread, so the core needs no locks. Sending is best effort: a failed
 * connection drops the message and is reopened on the next send.
 */
public final class TcpTransport implements Transport, AutoCloseable {
  /** The largest message accepted, in bytes. */
  public static final int MAX_FRAME_SIZE = 4 * 1024 * 1024;

  private final NodeId localNode;
  private final Map<NodeId, InetSocketAddress> addressBook;
  private final Clock clock;
  private final ServerSocket server;
  private final Map<NodeId, DataOutputStream> connections = new ConcurrentHashMap<>();
  private volatile MessageHandler handler;
  private volatile boolean closed;

  private TcpTransport(
      NodeId localNode,
      Map<NodeId, InetSocketAddress> addressBook,
      Clock clock,
      ServerSocket server) {
    this.localNode = localNode;
    this.addressBook = addressBook;
    this.clock = clock;
    this.server = server;
  }

  /**
   * Listens on {@code 127.0.0.1} on an ephemeral port and starts accepting connections.
   *
   * @param localNode this node's id
   * @param addressBook where to reach each peer; read at every send, so it may be filled later
   * @param clock the clock whose thread runs the handler
   */
  public static TcpTransport listenOnLoopback(
      NodeId localNode, Map<NodeId, InetSocketAddress> addressBook, Clock clock)
      throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TcpTransport transport =
        new TcpTransport(
            Objects.requireNonNull(localNode, "localNode"),
            Objects.requireNonNull(addressBook, "addressBook"),
            Objects.requireNonNull(clock, "clock"),
            server);
    Thread acceptor = new Thread(transport::acceptLoop, "tcp-accept-" + localNode);
    acceptor.setDaemon(true);
    acceptor.start();
    return transport;
  }

  /** The address peers reach this node at. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  @Override
  public NodeId localNode() {
    return localNode;
  }

  @Override
  public void register(MessageHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public void send(NodeId to, Bytes message) {
    Objects.requireNonNull(message, "message");
    if (closed || message.size() > MAX_FRAME_SIZE) {
      return;
    }
    try {
      DataOutputStream out = connections.computeIfAbsent(to, this::connect);
      if (out == null) {
        return; // unknown peer or refused: dropped, like a lost packet
      }
      byte[] sender = localNode.value().getBytes(StandardCharsets.UTF_8);
      synchronized (out) {
        out.writeShort(sender.length);
        out.write(sender);
        out.writeInt(message.size());
        out.write(message.toByteArray());
        out.flush();
      }
    } catch (IOException e) {
      connections.remove(to); // reconnect on the next send; this message is lost
    }
  }

  private DataOutputStream connect(NodeId peer) {
    InetSocketAddress address = addressBook.get(peer);
    if (address == null) {
      return null;
    }
    try {
      Socket socket = new Socket();
      socket.connect(address, (int) Duration.ofSeconds(2).toMillis());
      socket.setTcpNoDelay(true);
      return new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    } catch (IOException e) {
      return null;
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        Thread reader = new Thread(() -> readLoop(socket), "tcp-read-" + localNode);
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void readLoop(Socket socket) {
    try (socket;
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(socket.getInputStream()))) {
      while (!closed) {
        int idLength = in.readUnsignedShort();
        byte[] id = in.readNBytes(idLength);
        int length = in.readInt();
        if (id.length != idLength || length < 0 || length > MAX_FRAME_SIZE) {
          return; // a truncated or oversized frame: drop the connection
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
          return;
        }
        NodeId from;
        try {
          from = NodeId.of(new String(id, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          return;
        }
        Bytes message = Bytes.of(body);
        clock.schedule(Duration.ZERO, () -> deliver(from, message));
      }
    } catch (EOFException e) {
      // the peer closed the connection
    } catch (IOException e) {
      // a broken connection: the peer reconnects when it sends again
    }
  }

  private void deliver(NodeId from, Bytes message) {
    MessageHandler current = handler;
    if (current != null && !closed) {
      current.onMessage(from, message);
    }
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (DataOutputStream out : connections.values()) {
      try {
        out.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    connections.clear();
  }
}
