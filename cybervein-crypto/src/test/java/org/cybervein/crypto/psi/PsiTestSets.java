package org.cybervein.crypto.psi;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;

/** Synthetic id sets with a known overlap. */
record PsiTestSets(List<Bytes> initiator, List<Bytes> responder, List<Bytes> common) {
  static Bytes randomId(RandomSource random) {
    // At least 8 bytes, so that a transcript cannot contain an id by chance.
    byte[] id = new byte[8 + random.nextInt(17)];
    random.nextBytes(id);
    return Bytes.of(id);
  }

  static PsiTestSets generate(
      RandomSource random, int onlyInitiator, int onlyResponder, int common) {
    TreeSet<Bytes> all = new TreeSet<>();
    while (all.size() < onlyInitiator + onlyResponder + common) {
      all.add(randomId(random));
    }
    List<Bytes> shuffled = new ArrayList<>(all);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
    }
    List<Bytes> c = shuffled.subList(0, common);
    List<Bytes> a = new ArrayList<>(c);
    a.addAll(shuffled.subList(common, common + onlyInitiator));
    List<Bytes> b = new ArrayList<>(shuffled.subList(common + onlyInitiator, shuffled.size()));
    b.addAll(c);
    List<Bytes> sortedCommon = new ArrayList<>(c);
    sortedCommon.sort(null);
    return new PsiTestSets(List.copyOf(a), List.copyOf(b), List.copyOf(sortedCommon));
  }

  List<Bytes> initiatorOnly() {
    List<Bytes> out = new ArrayList<>(initiator);
    out.removeAll(common);
    return out;
  }

  List<Bytes> responderOnly() {
    List<Bytes> out = new ArrayList<>(responder);
    out.removeAll(common);
    return out;
  }
}
