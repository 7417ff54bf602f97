package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GrpcTransportThreadingTest {
  @Test
  void aNegativeThreadCountOrNoDeliveryIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new GrpcTransportThreading(-1, GrpcTransportThreading.Delivery.DEDICATED_THREAD));
    assertThrows(NullPointerException.class, () -> new GrpcTransportThreading(1, null));
  }

  @Test
  void zeroThreadsMeansOnePerProcessorAtMostOnePerPeerAndAtLeastOne() {
    int processors = Runtime.getRuntime().availableProcessors();
    GrpcTransportThreading automatic = GrpcTransportThreading.defaults();
    assertEquals(0, automatic.networkThreads());
    assertEquals(GrpcTransportThreading.Delivery.DEDICATED_THREAD, automatic.delivery());
    assertEquals(1, automatic.networkThreadsFor(0));
    assertEquals(1, automatic.networkThreadsFor(1));
    assertEquals(Math.min(1000, processors), automatic.networkThreadsFor(1000));
    GrpcTransportThreading three =
        new GrpcTransportThreading(3, GrpcTransportThreading.Delivery.NETWORK_THREAD);
    assertEquals(3, three.networkThreadsFor(1));
    assertEquals(3, three.networkThreadsFor(1000));
  }

  @Test
  void singleThreadedIsOneNetworkThreadThatDelivers() {
    assertEquals(
        new GrpcTransportThreading(1, GrpcTransportThreading.Delivery.NETWORK_THREAD),
        GrpcTransportThreading.singleThreaded());
  }
}
