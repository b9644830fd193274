package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FaultLink's schedule, event by event. */
class FaultLinkTest {
    private static FaultLink link(String faults) {
        return new FaultLink(Faults.parse(faults), Direction.CLIENT_TO_SERVER);
    }

    /** Takes every event due by {@code until}, printed. */
    private static List<String> drain(FaultLink link, double until) {
        List<String> events = new ArrayList<>();
        for (FaultLink.Event e = link.poll(until); e != null; e = link.poll(until)) {
            events.add(e.toString());
        }
        return events;
    }

    @Test
    void latencyThenBandwidthSpaceThePiecesBySizeOverTheRate() {
        FaultLink link = link("latency=100,bandwidth=1000/s");
        link.offer(new byte[250], 0);
        assertThat(link.nextDue()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(drain(link, 0.19)).isEmpty();
        assertThat(drain(link, 1)).containsExactly("200000us DATA 100", "300000us DATA 100", "350000us DATA 50");
        assertThat(link.nextDue()).isNaN();
    }

    @Test
    void aLaterWriteNeverOvertakesAnEarlierOne() {
        FaultLink link = link("bandwidth=1000/s");
        link.offer(new byte[100], 0);
        link.offer(new byte[1], 0.05);
        assertThat(drain(link, 1)).containsExactly("100000us DATA 100", "101000us DATA 1");
    }

    @Test
    void aLimitCutsAcrossWritesAndTheSmallestWins() {
        FaultLink link = link("close-after=10,c>s:reset-after=5");
        link.offer(new byte[3], 0);
        link.offer(new byte[4], 0);
        link.offer(new byte[9], 0);
        assertThat(drain(link, 0)).containsExactly("0us DATA 3", "0us DATA 2", "0us RESET");
        assertThat(link.passed()).isEqualTo(5);
        assertThat(link.dropped()).isEqualTo(11);
    }

    @Test
    void aStallHoldsTheRestAndTheEndOfStream() {
        FaultLink link = link("stall-after=4");
        link.offer(new byte[6], 0);
        link.offerEnd(0);
        assertThat(drain(link, 100)).containsExactly("0us DATA 4");
        assertThat(link.held()).isEqualTo(2);
        assertThat(link.isStalled()).isTrue();
    }

    @Test
    void queuedCountsTheBytesPassedAndNotYetTakenButNotTheBytesAStallHolds() {
        FaultLink link = link("bandwidth=1000/s,stall-after=250");
        link.offer(new byte[300], 0);
        assertThat(link.queued()).isEqualTo(250);
        assertThat(link.held()).isEqualTo(50);
        assertThat(drain(link, 0.1)).containsExactly("100000us DATA 100");
        assertThat(link.queued()).isEqualTo(150);
        link.offerReset(0.15);
        assertThat(link.queued()).as("a reset drops what is queued").isZero();
    }

    @Test
    void aResetIsDueAtOnceAndDropsWhatIsQueued() {
        FaultLink link = link("latency=500");
        link.offer(new byte[7], 0);
        link.offerReset(0.1);
        assertThat(drain(link, 10)).containsExactly("100000us RESET");
        assertThat(link.dropped()).isEqualTo(7);
    }

    @Test
    void aResetOvertakesAnEndOfStreamStillQueuedButNotOneAlreadyTaken() {
        FaultLink link = link("bandwidth=1000/s");
        link.offer(new byte[300], 0);
        link.offerEnd(0);
        assertThat(drain(link, 0.1)).containsExactly("100000us DATA 100");
        link.offerReset(0.15);
        assertThat(drain(link, 10)).containsExactly("150000us RESET");
        assertThat(link.dropped()).isEqualTo(200);

        FaultLink ended = link("bandwidth=1000/s");
        ended.offer(new byte[100], 0);
        ended.offerEnd(0);
        assertThat(drain(ended, 1)).containsExactly("100000us DATA 100", "100000us END");
        ended.offerReset(2);
        assertThat(drain(ended, 10))
                .as("the end of stream is out: nothing follows it")
                .isEmpty();
    }

    @Test
    void slowCloseDelaysOnlyTheEndOfStream() {
        FaultLink link = link("slow-close=250");
        link.offer(new byte[2], 0);
        link.offerEnd(0);
        link.offer(new byte[2], 0.1); // after the end: dropped
        assertThat(drain(link, 1)).containsExactly("0us DATA 2", "250000us END");
        assertThat(link.dropped()).isEqualTo(2);
    }

    @Test
    void aLimitOfZeroActsAtStartAndHalfCloseEndsTheDirection() {
        FaultLink close = link("close-after=0");
        close.start(0);
        assertThat(drain(close, 0)).containsExactly("0us CLOSE");
        FaultLink half = link("half-close-after=1");
        half.offer(new byte[3], 0);
        assertThat(drain(half, 0)).containsExactly("0us DATA 1", "0us END");
    }

    @Test
    void theOtherDirectionsFaultsDoNotApply() {
        FaultLink link = new FaultLink(Faults.parse("s>c:latency=50"), Direction.CLIENT_TO_SERVER);
        link.offer(new byte[1], 0);
        assertThat(drain(link, 0)).containsExactly("0us DATA 1");
        assertThatThrownBy(() -> new FaultLink(Faults.none(), Direction.BOTH)).hasMessageContaining("one direction");
    }

    /** Offers one-byte writes 0, 1, 2, ... 1 ms apart and returns each one's due time in ms, checking they keep order. */
    private static List<Long> dueMillisOfWritesOneMsApart(String faults, int writes) {
        FaultLink link = link(faults);
        for (int k = 0; k < writes; k++) {
            link.offer(new byte[] {(byte) k}, k / 1000.0);
        }
        List<Long> dues = new ArrayList<>();
        for (FaultLink.Event e = link.poll(1e9); e != null; e = link.poll(1e9)) {
            assertThat(e.data()).as("%s: write %d", faults, dues.size()).containsExactly(dues.size());
            dues.add(Math.round(e.due() * 1000));
        }
        assertThat(dues).as(faults).hasSize(writes).isSorted();
        return dues;
    }

    @Test
    void jitterDrawsEachWritesDelayFromTheSeedInWholeMilliseconds() {
        FaultLink link = link("latency=50~10,seed=7");
        for (int k = 0; k < 6; k++) {
            link.offer(new byte[k + 1], k * 0.1);
        }
        link.offerEnd(0.6);
        assertThat(drain(link, 10))
                .as("50 ms give or take 10: delays of 47, 56, 50, 55, 49, 45 and 48 ms")
                .containsExactly(
                        "47000us DATA 1",
                        "156000us DATA 2",
                        "250000us DATA 3",
                        "355000us DATA 4",
                        "449000us DATA 5",
                        "545000us DATA 6",
                        "648000us END");
    }

    @Test
    void aWriteWhoseDrawWouldOvertakeTheOneBeforeArrivesWithIt() {
        assertThat(dueMillisOfWritesOneMsApart("latency=50~20,seed=7", 8))
                .as("writes 1 ms apart: the next four drew a time before the first's 47 ms, so they arrive with it")
                .containsExactly(47L, 47L, 47L, 47L, 47L, 63L, 63L, 63L);
        for (long seed = 0; seed < 200; seed++) {
            List<Long> dues = dueMillisOfWritesOneMsApart("latency=50~20,seed=" + seed, 20);
            for (int k = 0; k < dues.size(); k++) {
                assertThat(dues.get(k)).as("seed %d, write %d", seed, k).isBetween(k + 30L, k + 70L);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDelaysAndAnotherSeedOthers() {
        assertThat(dueMillisOfWritesOneMsApart("latency=100~50,seed=3", 50))
                .isEqualTo(dueMillisOfWritesOneMsApart("latency=100~50,seed=3", 50))
                .isNotEqualTo(dueMillisOfWritesOneMsApart("latency=100~50,seed=4", 50));
        assertThat(dueMillisOfWritesOneMsApart("latency=100~0,seed=3", 3))
                .as("no jitter: every write 100 ms late")
                .containsExactly(100L, 101L, 102L);
    }

    @Test
    void aJitterDoesNotMoveWhereASliceCuts() {
        for (long seed = 0; seed < 50; seed++) {
            FaultLink plain = link("slice=1-5,seed=" + seed);
            FaultLink jittered = link("slice=1-5,latency=30~30,seed=" + seed);
            for (int k = 0; k < 10; k++) {
                plain.offer(new byte[20], k);
                jittered.offer(new byte[20], k);
            }
            assertThat(sizes(jittered)).as("seed %d", seed).isEqualTo(sizes(plain));
        }
    }

    @Test
    void aLimitActsWhenTheJitteredBytesBeforeItArrive() {
        FaultLink link = link("latency=50~10,close-after=3,seed=7");
        link.offer(new byte[5], 0);
        assertThat(drain(link, 10)).containsExactly("47000us DATA 3", "47000us CLOSE");
    }

    private static List<Integer> sizes(FaultLink link) {
        List<Integer> sizes = new ArrayList<>();
        for (FaultLink.Event e = link.poll(1e9); e != null; e = link.poll(1e9)) {
            sizes.add(e.data().length);
        }
        return sizes;
    }
}
