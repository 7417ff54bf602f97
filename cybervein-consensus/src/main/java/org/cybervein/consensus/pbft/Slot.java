package org.cybervein.consensus.pbft;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * One sequence number's agreement state: the accepted pre-prepare, the PREPARE and COMMIT votes of
 * the view they belong to, and the claims (prepared, pre-prepared) a VIEW-CHANGE carries. A view of
 * -1 means none yet.
 */
final class Slot {
  long ppView = -1;
  Hash digest;
  List<Request> batch = List.of();
  List<Bytes> frames = List.of();
  Bytes ppFrame;
  long voteView = -1;
  final Map<Integer, Hash> prepares = new HashMap<>();
  final Map<Integer, Hash> commits = new HashMap<>();
  boolean prepared;
  boolean committed;
  Bytes myPrepare;
  Bytes myCommit;
  long pView = -1;
  Hash pDigest;
  List<Bytes> pFrames = List.of();
  final TreeMap<Hash, Long> q = new TreeMap<>();
}
