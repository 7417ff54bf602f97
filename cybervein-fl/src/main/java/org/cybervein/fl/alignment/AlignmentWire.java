package org.cybervein.fl.alignment;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.wire.v1.FlProto;

/**
 * What both PSI flavours of Part I share on the wire: sample ids as UTF-8 bytes, PSI messages
 * wrapped in {@code FlAlignment} rounds of one {@code PsiKind}, and the intersection turned back
 * into {@link AlignedSamples}.
 */
final class AlignmentWire {
  private AlignmentWire() {}

  /** Sample ids as the byte strings the PSI protocols compare. */
  static List<Bytes> encode(List<String> ids) {
    List<Bytes> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(Bytes.utf8(id));
    }
    return out;
  }

  /** The common users, from the intersection a PSI protocol returned. */
  static AlignedSamples samples(List<Bytes> intersection) {
    List<String> ids = new ArrayList<>(intersection.size());
    for (Bytes id : intersection) {
      ids.add(new String(id.toByteArray(), StandardCharsets.UTF_8));
    }
    return AlignedSamples.of(ids);
  }

  /**
   * Sends one PSI message to {@code peer} as round {@code round} of {@code kind}, in fragments of
   * {@code fragmentBytes} (1 MiB: {@link Fragments#FRAGMENT_BYTES}) when it is longer (a transport
   * frame is bounded: 4 MiB on TCP).
   */
  static void send(
      Transport transport,
      NodeId peer,
      FlProto.PsiKind kind,
      int round,
      Bytes payload,
      int fragmentBytes) {
    for (FlProto.FlAlignment alignment : fragments(kind, round, payload, fragmentBytes)) {
      FlProto.FlMessage message = FlProto.FlMessage.newBuilder().setAlignment(alignment).build();
      transport.send(peer, Bytes.of(message.toByteArray()));
    }
  }

  /** The fragments of {@code fragmentBytes} bytes (the last one shorter) a payload travels in. */
  static List<FlProto.FlAlignment> fragments(
      FlProto.PsiKind kind, int round, Bytes payload, int fragmentBytes) {
    int total = Fragments.count(payload.size(), fragmentBytes);
    List<FlProto.FlAlignment> out = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      int from = i * fragmentBytes;
      int to = Math.min(payload.size(), from + fragmentBytes);
      FlProto.FlAlignment.Builder alignment =
          FlProto.FlAlignment.newBuilder()
              .setRound(round)
              .setKind(kind)
              .setPayload(ByteString.copyFrom(payload.slice(from, to).toByteArray()));
      if (total > 1) {
        alignment.setFragment(i).setFragments(total);
      }
      out.add(alignment.build());
    }
    return out;
  }

  /**
   * The FL message carrying fragment {@code index} of {@code count} of round {@code round}'s PSI
   * message (a whole message when {@code count} is 1), as {@link #fragments} cuts them.
   */
  static Bytes fragment(FlProto.PsiKind kind, int round, int index, int count, Bytes piece) {
    FlProto.FlAlignment.Builder alignment =
        FlProto.FlAlignment.newBuilder()
            .setRound(round)
            .setKind(kind)
            .setPayload(ByteString.copyFrom(piece.toByteArray()));
    if (count > 1) {
      alignment.setFragment(index).setFragments(count);
    }
    return Bytes.of(FlProto.FlMessage.newBuilder().setAlignment(alignment).build().toByteArray());
  }

  /** The FL message by which a party stops the alignment, with a reason for the peer's host. */
  static Bytes abort(String reason) {
    return Bytes.of(
        FlProto.FlMessage.newBuilder()
            .setAbort(FlProto.FlAbort.newBuilder().setReason(reason))
            .build()
            .toByteArray());
  }

  /** The largest FL message carrying one fragment: the payload and a few small fields. */
  static final int MAX_FRAGMENT_MESSAGE_BYTES = Fragments.FRAGMENT_BYTES + 64;
}
