package dev.failover4j.internal;

import dev.failover4j.FailoverException;
import dev.failover4j.spi.NetworkProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the platform's {@link NetworkProvider} with {@link ServiceLoader} (OSHI's {@code isAvailable()} probe). */
public final class ProviderLookup {

    private ProviderLookup() {
    }

    /**
     * The first available provider.
     *
     * @throws FailoverException naming every provider found and why it is unavailable, and what to add
     */
    public static NetworkProvider find() {
        List<String> unavailable = new ArrayList<>();
        Iterator<NetworkProvider> it = ServiceLoader.load(NetworkProvider.class).iterator();
        while (true) {
            NetworkProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                unavailable.add(e.getMessage());
                continue;
            }
            if (p.isAvailable()) {
                return p;
            }
            unavailable.add(p.name() + ": " + p.unavailableReason());
        }
        throw new FailoverException("no failover4j network provider is available"
                + (unavailable.isEmpty() ? "" : " (" + String.join("; ", unavailable) + ")")
                + ": add the dev.failover4j:failover4j-jna-net dependency (Linux) to the class path,"
                + " or give the builder a transport and an address manager (the testkit has in-memory ones)");
    }
}
