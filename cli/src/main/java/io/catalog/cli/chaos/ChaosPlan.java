package io.catalog.cli.chaos;

import java.time.Duration;
import java.util.List;

/**
 * How long a chaos run lasts and how hard it pushes. Faults come at random moments: a random gap,
 * then a random fault (each of the six kinds once per round, in a shuffled order) held for a random
 * time, then healed. Gaps and fault lengths scale with the run: a three-minute run injects every
 * kind once or twice, a ten-minute run several times.
 *
 * @param duration how long faults are injected and the workload runs (the checks come after)
 * @param seed drives every random choice of the run: the same seed gives the same faults in the
 *     same order (their timing still depends on the machine)
 * @param gapMin shortest quiet time before a fault
 * @param gapMax longest quiet time before a fault
 * @param faultMin shortest time a fault is held
 * @param faultMax longest time a fault is held
 * @param writers concurrent REST clients creating, updating and deleting products
 * @param writesPerWriterPerSecond the most each REST client offers: an open-loop pace, so that the
 *     run's load (and the time its checks take) does not grow with the API's speed
 * @param commandsPerSecond product commands sent to the command topic (each valid one twice)
 * @param poisonEvery every n-th command is invalid on purpose, so the dead-letter path is exercised
 *     and every dead-letter entry must be one of these
 * @param rebuildEvery a search rebuild is started this often while the faults last (database and
 *     Kafka source in turn)
 * @param replayEvery a Kafka replay from the earliest offset is started this often while the faults
 *     last
 * @param cluster the run on the cluster profile (docs/architecture.md, "The cluster stack"): two
 *     API and three workers processes, and the faults a cluster must ride through (one Kafka
 *     broker, one Elasticsearch node, one workers process, one API process, each SIGKILLed at its
 *     own time), with a throttled rebuild started before the first fault that must complete
 */
public record ChaosPlan(
    Duration duration,
    long seed,
    Duration gapMin,
    Duration gapMax,
    Duration faultMin,
    Duration faultMax,
    int writers,
    double writesPerWriterPerSecond,
    double commandsPerSecond,
    int poisonEvery,
    Duration rebuildEvery,
    Duration replayEvery,
    boolean cluster) {

  public ChaosPlan {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("the run must last longer than zero");
    }
    if (writers < 1) {
      throw new IllegalArgumentException("writers must be at least 1");
    }
    if (!(writesPerWriterPerSecond > 0)) {
      throw new IllegalArgumentException("writesPerWriterPerSecond must be positive");
    }
  }

  /** The plan for a run of {@code minutes}: short runs get short gaps, so every fault kind fits. */
  public static ChaosPlan forMinutes(double minutes, long seed) {
    return forMinutes(minutes, seed, false);
  }

  /**
   * As {@link #forMinutes(double, long)}, on the cluster profile's topology when {@code cluster}.
   */
  public static ChaosPlan forMinutes(double minutes, long seed, boolean cluster) {
    if (!(minutes > 0) || minutes > 24 * 60) {
      throw new IllegalArgumentException("--minutes must be more than 0 and at most 1440");
    }
    Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
    boolean shortRun = minutes <= 4;
    return new ChaosPlan(
        duration,
        seed,
        // A short run holds its faults only briefly: the restarts themselves take long enough (an
        // Elasticsearch node about a minute here), and the test command runs one of each kind.
        Duration.ofSeconds(shortRun ? 2 : 10),
        Duration.ofSeconds(shortRun ? 5 : 40),
        Duration.ofSeconds(shortRun ? 3 : 5),
        Duration.ofSeconds(shortRun ? 6 : 25),
        2,
        // 2 x 75/s: unpaced, the one-minute run of the test command doubled to 9 min; at 2 x 150/s
        // it wrote 63,000 changes, and its replays from the earliest offset of all of them were a
        // third of the run. The faults, not the volume, are what the run is for.
        // The cluster's nine servers and five app JVMs share the same two cores: 2 x 15/s there.
        // The rebuild started before the faults is throttled
        // (SeededCatalog.REBUILD_DOCS_PER_SECOND)
        // and so are its catch-ups: at 2 x 40/s they took four minutes to converge.
        cluster ? 15 : 75,
        5,
        20,
        // On the cluster the rebuild is the throttled one started before the faults (ChaosRun), and
        // a replay re-projects the whole seeded catalog: fewer of them keep the two cores usable.
        // The first replay comes half a period in, while the faults of a short run still last.
        cluster ? Duration.ofHours(1) : Duration.ofSeconds(shortRun ? 60 : 150),
        cluster ? Duration.ofSeconds(60) : Duration.ofSeconds(shortRun ? 90 : 200),
        cluster);
  }

  /** API processes behind the writers. */
  int apis() {
    return cluster ? 2 : 1;
  }

  /** Workers processes sharing the outbox shards, the consumer groups and the task queues. */
  int workerProcesses() {
    return cluster ? 3 : 1;
  }

  /**
   * The kinds of fault of a round. A single-node stack loses each server whole; a cluster loses one
   * member of each clustered engine (Postgres and Temporal are one server there too, and their
   * outages are the single-node run's).
   */
  List<Fault> faults() {
    return cluster
        ? List.of(Fault.KAFKA, Fault.ELASTICSEARCH, Fault.WORKERS, Fault.API)
        : List.of(Fault.values());
  }
}
