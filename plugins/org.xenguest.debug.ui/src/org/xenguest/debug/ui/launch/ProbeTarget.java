package org.xenguest.debug.ui.launch;

import java.io.IOException;
import java.time.Duration;

import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;

/**
 * Where a dom0 probe is: an address (host:port, a probe a user runs in dom0 and reaches through a
 * tunnel) or the local {@code xenguest host} (its probe's loopback port and the host's secret,
 * read from the host's state folder each time, so a host started after the configuration was
 * made is found). No SWT: the tab, the delegate and the tests share it.
 */
public sealed interface ProbeTarget {

    /** A connected client; every wait bounded by {@code timeout}. */
    ProbeClient open(Duration timeout) throws IOException;

    /** For labels and messages: {@code 127.0.0.1:5555} or {@code the local xenguest host}. */
    String describe();

    /** The local host's probe. */
    record LocalHost() implements ProbeTarget {
        @Override
        public ProbeClient open(Duration timeout) throws IOException {
            XenHost host = XenHost.running(HostFiles.fromEnvironment()).orElseThrow(() -> new IOException(
                    "no xenguest host is running: start it with 'xenguest host start' (or give a probe address)"));
            XenHost.ProbeEndpoint endpoint = host.probeEndpoint();
            return ProbeClient.open(new HostPort("127.0.0.1", endpoint.port()), options(timeout), endpoint.preamble());
        }

        @Override
        public String describe() {
            return "the local xenguest host";
        }
    }

    /** A probe at an address. */
    record Address(HostPort address) implements ProbeTarget {
        @Override
        public ProbeClient open(Duration timeout) throws IOException {
            return ProbeClient.open(address, options(timeout));
        }

        @Override
        public String describe() {
            return address.toString();
        }
    }

    /**
     * The target a configuration's fields name.
     *
     * @throws IllegalArgumentException when the address is not host:port
     */
    static ProbeTarget of(boolean localHost, String address) {
        if (localHost) {
            return new LocalHost();
        }
        try {
            return new Address(HostPort.parse(address.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Probe address: " + e.getMessage());
        }
    }

    private static RspOptions options(Duration timeout) {
        return RspOptions.defaults().withConnectTimeout(timeout).withReplyTimeout(timeout).withMaxRetries(1);
    }
}
