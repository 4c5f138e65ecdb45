package kafkasim.jobs.medium;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/** A processing-time service whose clock only moves when the test says so. */
final class ManualTimers implements ProcessingTimeService {
    private record Timer(long at, ProcessingTimeCallback callback) {
    }

    private final List<Timer> timers = new ArrayList<>();
    private long now;

    @Override
    public long getCurrentProcessingTime() {
        return now;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
        timers.add(new Timer(timestamp, target));
        return null;
    }

    int pending() {
        return timers.size();
    }

    /** Moves the clock to {@code toMs}, firing due timers in order. */
    void advanceTo(long toMs) throws Exception {
        while (true) {
            Timer next = timers.stream().filter(t -> t.at() <= toMs).min(Comparator.comparingLong(Timer::at))
                    .orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = Math.max(now, next.at());
            next.callback().onProcessingTime(now);
        }
        now = toMs;
    }
}
