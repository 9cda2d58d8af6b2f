package io.portcullis.policy.rate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressProperties {

    @Property(tries = 2000)
    void anyStringParsesToAnAddressOrNothingNeverAnException(@ForAll("addressLike") String text) {
        assertThat(ClientAddress.parse(text)).isNotNull();
    }

    @Property(tries = 1000)
    void anyForwardedForGivesAClientWhenThereIsAPeer(@ForAll("addressLike") String header, @ForAll("proxies") int numProxies)
            throws Exception {
        InetAddress peer = InetAddress.getByAddress(new byte[]{10, 0, 0, 1});

        assertThat(ClientAddress.resolve(peer, List.of(header), numProxies)).isPresent();
    }

    @Property(tries = 1000)
    void anIdentIsAtMostAnIpv6PrefixLong(@ForAll("addressLike") String text) {
        ClientAddress.parse(text).ifPresent(address -> assertThat(address.ident().length()).isLessThanOrEqualTo(43));
    }

    @Provide
    Arbitrary<String> addressLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdefABCDEF:.[]%, ").ofMaxLength(48),
                Arbitraries.strings().ofMaxLength(80));
    }

    @Provide
    Arbitrary<Integer> proxies() {
        return Arbitraries.integers().between(0, 5);
    }
}
