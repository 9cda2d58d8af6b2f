package io.portcullis.gateway.store;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WebServerEventLoopsTest {

    private final EventLoopGroup webServerLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final WebServerEventLoops provider = new WebServerEventLoops(() -> webServerLoops);

    @AfterEach
    void stop() {
        webServerLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void lettuceGetsTheWebServersLoopsWhateverTypeItAsksFor() {
        assertThat((EventLoopGroup) provider.allocate(EventLoopGroup.class)).isSameAs(webServerLoops);
    }

    @Test
    void lettuceReleasingOrShuttingDownNeverStopsTheWebServersLoops() throws Exception {
        assertThat(provider.release(webServerLoops, 0, 1, TimeUnit.SECONDS).get()).isTrue();
        assertThat(provider.shutdown(0, 1, TimeUnit.SECONDS).get()).isTrue();

        assertThat(webServerLoops.isShuttingDown()).isFalse();
    }
}
