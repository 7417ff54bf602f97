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

  /** Sends one PSI message to {@code peer} as round {@code round} of {@code kind}. */
  static void send(
      Transport transport, NodeId peer, FlProto.PsiKind kind, int round, Bytes payload) {
    FlProto.FlMessage message =
        FlProto.FlMessage.newBuilder()
            .setAlignment(
                FlProto.FlAlignment.newBuilder()
                    .setRound(round)
                    .setKind(kind)
                    .setPayload(ByteString.copyFrom(payload.toByteArray())))
            .build();
    transport.send(peer, Bytes.of(message.toByteArray()));
  }
}
