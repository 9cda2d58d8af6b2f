package io.portcullis.gateway.config;

import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamConfigurationTest {

    private final UpstreamConfiguration configuration = new UpstreamConfiguration();

    @Test
    void connectTimeoutIsSetOnceOnTheGatewaysHttpClient() {
        HttpClient client = configuration.upstreamConnectTimeout(Duration.ofMillis(1500)).customize(HttpClient.create());

        assertThat(client.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS)).isEqualTo(1500);
    }

    @Test
    void aConnectTimeoutThatIsNotPositiveStopsStartUp() {
        assertThatThrownBy(() -> configuration.upstreamConnectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("portcullis.upstream.connect-timeout");
    }
}
