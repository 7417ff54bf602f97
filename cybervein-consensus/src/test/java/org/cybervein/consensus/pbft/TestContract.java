package org.cybervein.consensus.pbft;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A minimal in-memory {@link LogContract} for this module's tests; checks every certificate. */
final class TestContract implements LogContract {
  private final ReplicaConfig config;
  private final ReplicaVerifiers verifiers;
  private final TreeMap<Long, Upload> logs = new TreeMap<>();
  int rejected;

  TestContract(ReplicaConfig config) {
    this.config = config;
    this.verifiers = ReplicaVerifiers.of(config);
  }

  @Override
  public Outcome insert(long sequence, List<SignedUpload> uploads) {
    if (logs.containsKey(sequence)) {
      return Outcome.ALREADY_PRESENT;
    }
    try {
      logs.put(sequence, UploadCertificate.check(config, verifiers, sequence, uploads));
      return Outcome.INSERTED;
    } catch (InvalidPbftMessageException e) {
      rejected++;
      return Outcome.REJECTED;
    }
  }

  @Override
  public boolean contains(long sequence) {
    return logs.containsKey(sequence);
  }

  @Override
  public Optional<Upload> entry(long sequence) {
    return Optional.ofNullable(logs.get(sequence));
  }

  TreeMap<Long, Upload> logs() {
    return logs;
  }
}
