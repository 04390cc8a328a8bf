package io.marketbus.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.Namespace;
import io.marketbus.eventbus.BusSettings;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streams created by several services at once. Seen with five services starting together on
 * nats-server 2.9.10: one of the simultaneous creations of a stream was refused with "subjects
 * overlap with an existing stream" (10065) - the stream the others had just created.
 */
class BusProvisionerUnitTests {

    final EventCatalogue catalogue = EventCatalogue.load();
    final JetStreamManagement management = mock(JetStreamManagement.class);
    final Map<String, StreamConfiguration> onServer = new HashMap<>();
    final JetStreamApiException notFound = apiError(10059);

    @Test
    void aStreamAnotherServiceCreatedMeanwhileIsAcceptedWhateverTheServerAnswered() throws Exception {
        JetStreamApiException overlap = apiError(10065);
        when(management.getStreamInfo(anyString())).thenAnswer(call -> existing(call.getArgument(0)));
        when(management.addStream(any())).thenAnswer(call -> {
            StreamConfiguration desired = call.getArgument(0);
            onServer.put(desired.getName(), desired); // the other service's creation wins the race
            throw overlap;
        });

        var names = provisioner().provisionStreams();

        assertThat(names).hasSize(catalogue.streams().size() + 1).containsAll(onServer.keySet());
        verify(management, never()).updateStream(any());
    }

    @Test
    void anOverlapThatPersistsIsAnotherStreamOnTheseSubjectsAndFails() throws Exception {
        when(management.getStreamInfo(anyString())).thenAnswer(call -> existing(call.getArgument(0)));
        JetStreamApiException overlap = apiError(10065);
        when(management.addStream(any())).thenThrow(overlap);

        assertThatThrownBy(() -> provisioner().provisionStreams()).isInstanceOf(JetStreamApiException.class);
    }

    private BusProvisioner provisioner() {
        return new BusProvisioner(management, catalogue, new Namespace("t1"), BusSettings.Streams.DEFAULTS,
                BusSettings.Consumers.DEFAULTS);
    }

    private StreamInfo existing(String name) throws JetStreamApiException {
        StreamConfiguration configuration = onServer.get(name);
        if (configuration == null) {
            throw notFound;
        }
        StreamInfo info = mock(StreamInfo.class);
        when(info.getConfiguration()).thenReturn(configuration);
        return info;
    }

    private static JetStreamApiException apiError(int code) {
        JetStreamApiException e = mock(JetStreamApiException.class);
        when(e.getApiErrorCode()).thenReturn(code);
        return e;
    }
}
