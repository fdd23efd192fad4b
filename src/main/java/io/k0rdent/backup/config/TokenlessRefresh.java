package io.k0rdent.backup.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.utils.Utils;

/**
 * The bearer token of a client whose configuration has none, such as a kubeconfig with a client certificate (the admin
 * kubeconfigs of k0s, kind and kubeadm): none, until reading the configuration again, at most once a minute, finds one.
 *
 * <p>The Kubernetes client's token refresh means to read its configuration again once a minute, but its clock only moves
 * when that finds a token: without one, every request after the first minute reads and parses the kubeconfig again
 * (a tenth of the operator's CPU samples over a slot on a real API server, half its CPU on the mock). Given a token
 * provider, it asks the provider instead, on every request: this one answers from memory between two readings.
 */
final class TokenlessRefresh implements OAuthTokenProvider {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(TokenlessRefresh.class);

    private final Supplier<String> reread;
    private final Clock clock;
    private volatile Instant nextReading;
    private volatile String token;

    TokenlessRefresh(Supplier<String> reread, Clock clock) {
        this.reread = reread;
        this.clock = clock;
        this.nextReading = clock.instant().plus(INTERVAL);
    }

    /** Gives {@code config} such a provider when it has no token and no other way to get one; otherwise leaves it. */
    static void install(Config config, Clock clock) {
        if (Utils.isNullOrEmpty(config.getOauthToken()) && Utils.isNullOrEmpty(config.getAutoOAuthToken())
                && config.getOauthTokenProvider() == null && config.getAuthProvider() == null) {
            config.setOauthTokenProvider(new TokenlessRefresh(() -> tokenOf(config.refresh()), clock));
        }
    }

    private static String tokenOf(Config config) {
        return Utils.isNotNullOrEmpty(config.getOauthToken()) ? config.getOauthToken() : config.getAutoOAuthToken();
    }

    @Override
    public String getToken() {
        if (clock.instant().isBefore(nextReading)) {
            return token;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (!now.isBefore(nextReading)) {
                nextReading = now.plus(INTERVAL);
                try {
                    token = reread.get();
                } catch (RuntimeException e) {
                    // the configuration may be rewritten right now: the last reading stands until the next one
                    LOG.debugf(e, "Could not read the Kubernetes client configuration again");
                }
            }
            return token;
        }
    }
}
