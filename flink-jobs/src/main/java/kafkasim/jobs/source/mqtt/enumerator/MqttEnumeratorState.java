package kafkasim.jobs.source.mqtt.enumerator;

import java.util.List;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;

/**
 * What the enumerator checkpoints: the splits no reader holds. Assigned splits are in their readers' state, so a
 * restored job finds every split in exactly one of the two.
 */
public record MqttEnumeratorState(List<MqttTopicSplit> unassignedSplits) {
    public MqttEnumeratorState {
        unassignedSplits = List.copyOf(unassignedSplits);
    }
}
