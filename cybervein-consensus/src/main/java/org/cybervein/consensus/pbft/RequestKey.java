package org.cybervein.consensus.pbft;

/** One request of one client: its timestamp is unique per client. */
record RequestKey(ClientKey client, long timestamp) {
  static RequestKey of(Request r) {
    return new RequestKey(ClientKey.of(r.client()), r.timestamp());
  }

  // Written out for the reason given in ClientKey; the values are the record's own.
  @Override
  public boolean equals(Object o) {
    return o instanceof RequestKey k && timestamp == k.timestamp && client.equals(k.client);
  }

  @Override
  public int hashCode() {
    return 31 * client.hashCode() + Long.hashCode(timestamp);
  }
}
