package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which endpoints a token may be sent to: Cloudflare's over https, and the patterns allowed. */
class EndpointAllowListTest {

    @Test
    void byDefaultOnlyCloudflaresApiOverHttps() {
        EndpointAllowList none = EndpointAllowList.parse(null);
        assertThat(none.allows("https://api.cloudflare.com/client/v4/accounts/abc/scim/v2")).isTrue();
        assertThat(none.allows("https://API.Cloudflare.com:443/client/v4")).isTrue();
        assertThat(none.allows("http://api.cloudflare.com/client/v4")).as("in clear").isFalse();
        assertThat(none.allows("https://api.cloudflare.com.evil.example/x")).isFalse();
        assertThat(none.allows("http://127.0.0.1:8080/scim/v2")).isFalse();
        assertThat(none.allows("not a url")).isFalse();
    }

    @Test
    void aHostAllowsAnyPortAndAHostPortOnlyThatPort() {
        EndpointAllowList allowed = EndpointAllowList.parse("scim.example.com, 127.0.0.1:8443");
        assertThat(allowed.allows("https://scim.example.com/v2")).isTrue();
        assertThat(allowed.allows("https://scim.example.com:9443/v2")).isTrue();
        assertThat(allowed.allows("https://other.example.com/v2")).isFalse();
        assertThat(allowed.allows("http://127.0.0.1:8443/scim")).isTrue();
        assertThat(allowed.allows("http://127.0.0.1:8444/scim")).isFalse();
        assertThat(allowed.allows("http://127.0.0.1/scim")).as("port 80").isFalse();
    }

    @Test
    void aWildcardAllowsSubdomainsOnlyAndIpv6IsBracketed() {
        EndpointAllowList allowed = new EndpointAllowList(List.of("*.proxy.example", "[::1]"));
        assertThat(allowed.allows("https://eu.proxy.example/scim")).isTrue();
        assertThat(allowed.allows("https://proxy.example/scim")).isFalse();
        assertThat(allowed.allows("https://evilproxy.example/scim")).isFalse();
        assertThat(allowed.allows("http://[::1]:8080/scim")).isTrue();
    }

    @Test
    void refusesWhatIsNotAHostPattern() {
        assertThatThrownBy(() -> EndpointAllowList.parse("https://scim.example.com/"))
                .hasMessageContaining("is not a host or host:port pattern");
        assertThatThrownBy(() -> EndpointAllowList.parse("scim.*.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EndpointAllowList.parse("*example")).isInstanceOf(IllegalArgumentException.class);
    }
}
