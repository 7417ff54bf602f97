package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

/**
 * The frame decoder behind every PBFT message (and so behind the UPLOAD, checkpoint and reply
 * certificates) refuses hostile input with {@link InvalidPbftMessageException}, and a flood of
 * unknown fields, in the frame or in its body, with memory in proportion to it.
 */
class FrameFloodTest {
  private static final int MAX_BYTES = 8 << 20;

  private static Bytes validFrame() {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setSender(1)
            .setUpload(
                PbftProto.PbftUpload.newBuilder()
                    .setSequence(7)
                    .setLogDigest(
                        TypesProto.Hash.newBuilder().setValue(ByteString.copyFrom(new byte[32]))))
            .build();
    return Frame.signed(body, Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(9L))).raw;
  }

  @Test
  void framesRefuseHostileInputWithMemoryInProportionToIt() {
    HostileInput.of("PBFT frame", InvalidPbftMessageException.class, b -> Frame.parse(b, MAX_BYTES))
        .encodedBy(f -> f.raw)
        .checkAll(validFrame(), MAX_BYTES);
  }

  @Test
  void aBodyFloodedWithUnknownFieldsIsRefusedWithMemoryInProportionToIt() {
    byte[] flood = new byte[MAX_BYTES - 16];
    for (int i = 0; i < flood.length; i += 2) {
      flood[i] = 0x78;
    }
    Bytes frame =
        Bytes.of(
            PbftProto.PbftFrame.newBuilder()
                .setBody(ByteString.copyFrom(flood))
                .setSignature(ByteString.copyFrom(new byte[64]))
                .build()
                .toByteArray());
    HostileInput.of("PBFT frame", InvalidPbftMessageException.class, b -> Frame.parse(b, MAX_BYTES))
        .refusedWithinMemory(frame, "a body of unknown varint fields");
  }
}
