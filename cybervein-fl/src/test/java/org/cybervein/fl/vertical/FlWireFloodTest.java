package org.cybervein.fl.vertical;

import com.google.protobuf.ByteString;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.junit.jupiter.api.Test;

/** Every vertical-training message passes {@link FlWire#decode}, which refuses hostile input. */
class FlWireFloodTest {
  @Test
  void refusesHostileInputWithMemoryInProportionToIt() {
    FlProto.FlMessage message =
        FlProto.FlMessage.newBuilder()
            .setResidual(
                FlProto.FlResidual.newBuilder()
                    .setEpoch(2)
                    .setBatch(3)
                    .addD(ByteString.copyFrom(new byte[] {1, 2, 3}))
                    .addD(ByteString.copyFrom(new byte[] {4, 5})))
            .build();
    HostileInput.of("FlMessage", InvalidFederatedMessageException.class, FlWire::decode)
        .encodedBy(FlWire::encode)
        .checkAll(FlWire.encode(message), FlWire.MAX_MESSAGE_BYTES);
  }

  @Test
  void refusesHostileVariantsOfAPackedRequest() {
    FlProto.FlMessage message =
        FlProto.FlMessage.newBuilder()
            .setMaskedCiphertexts(
                FlProto.FlMaskedCiphertexts.newBuilder()
                    .setEpoch(1)
                    .setBatch(2)
                    .addValues(ByteString.copyFrom(new byte[] {7, 8, 9}))
                    .setLayout(FlProto.FlSlotLayout.newBuilder().setSlotBits(169).setSlots(12))
                    .setValueCount(10))
            .build();
    HostileInput.of("FlMessage", InvalidFederatedMessageException.class, FlWire::decode)
        .encodedBy(FlWire::encode)
        .checkAll(FlWire.encode(message), FlWire.MAX_MESSAGE_BYTES);
  }
}
