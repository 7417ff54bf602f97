package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A frame's sender is an unsigned 32-bit number; one of 2^31 or more must be refused as an unknown
 * sender like any other index outside the group, not read as a negative Java int that slips past
 * every {@code sender >= n} check.
 */
class HugeSenderIndexTest {
  private static PbftProto.PbftBody.Builder body(String kind, Fixture fx) {
    Hash d = Hash.of(new byte[32]);
    return switch (kind) {
      case "upload" -> PbftProto.PbftBody.newBuilder().setUpload(Codec.upload(new Upload(1, d)));
      case "prepare" -> fx.prepare(0, 1, d);
      case "commit" -> fx.commit(0, 1, d);
      case "checkpoint" ->
          PbftProto.PbftBody.newBuilder()
              .setCheckpoint(
                  PbftProto.PbftCheckpoint.newBuilder()
                      .setSequence(64)
                      .setStateDigest(Codec.hash(d)));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"upload", "prepare", "commit", "checkpoint"})
  void aSenderOf2Pow32Minus1IsAnUnknownSender(String kind) {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    PbftProto.PbftBody b = body(kind, fx).setSender(-1).build();
    Frame f = Frame.signed(b, fx.keys.get(2).signingKey());
    assertEquals(Integer.MAX_VALUE, f.sender(), "read as unsigned, saturated");
    assertDoesNotThrow(() -> fx.deliver(f.raw));
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER), kind);
  }
}
