package kafkasim.simulation.orchestrator;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader of the results must know before trusting the figures: plain sentences, each saying what happened
 * and what it means for the figures. Any part of a run may add one (thread-safe); they end up in
 * {@code summary.json}'s {@code warnings} and are printed as the run's last lines. The same sentence added twice is
 * kept once.
 */
public final class Warnings {
    private final List<String> sentences = new ArrayList<>();

    public synchronized void add(String sentence) {
        if (sentence == null || sentence.isBlank()) {
            throw new IllegalArgumentException("a warning needs a sentence");
        }
        if (!sentences.contains(sentence)) {
            sentences.add(sentence);
        }
    }

    /** In the order they were added. */
    public synchronized List<String> list() {
        return List.copyOf(sentences);
    }
}
