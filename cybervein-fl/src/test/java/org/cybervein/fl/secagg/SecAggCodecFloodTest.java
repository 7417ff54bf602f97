package org.cybervein.fl.secagg;

import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.v1.SecAggProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.junit.jupiter.api.Test;

/** Every secure aggregation message passes {@link SecAggCodec#decode}, which refuses floods. */
class SecAggCodecFloodTest {
  private static final int VECTOR_LENGTH = 1 << 16;

  @Test
  void refusesHostileInputWithMemoryInProportionToIt() {
    SecAggProto.SecAggMessage message =
        SecAggProto.SecAggMessage.newBuilder()
            .setRound(4)
            .setMaskedInput(
                SecAggProto.SecAggMaskedInput.newBuilder().addValues(7).addValues(-1).addValues(9))
            .build();
    HostileInput.of(
            "secure aggregation message",
            InvalidFederatedMessageException.class,
            b -> SecAggCodec.decode(b, VECTOR_LENGTH))
        .encodedBy(SecAggCodec::encode)
        .checkAll(SecAggCodec.encode(message), SecAggCodec.maxMessageSize(VECTOR_LENGTH));
  }
}
