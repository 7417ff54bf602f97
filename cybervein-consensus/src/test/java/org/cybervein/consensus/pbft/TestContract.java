package org.cybervein.consensus.pbft;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;

/** A minimal in-memory {@link LogContract} for this module's tests; checks every certificate. */
final class TestContract implements LogContract {
  private final ReplicaConfig config;
  private final ReplicaVerifiers verifiers;
  private final TreeMap<Long, OperationLog> logs = new TreeMap<>();
  int rejected;

  TestContract(ReplicaConfig config) {
    this.config = config;
    this.verifiers = ReplicaVerifiers.of(config);
  }

  @Override
  public Outcome insert(long sequence, List<SignedUpload> uploads, Bytes log) {
    if (logs.containsKey(sequence)) {
      return Outcome.ALREADY_PRESENT;
    }
    try {
      logs.put(sequence, UploadCertificate.check(config, verifiers, sequence, uploads, log));
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
  public Optional<OperationLog> entry(long sequence) {
    return Optional.ofNullable(logs.get(sequence));
  }

  TreeMap<Long, OperationLog> logs() {
    return logs;
  }
}
