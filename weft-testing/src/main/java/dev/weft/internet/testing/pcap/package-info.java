/**
 * Imports packet captures (pcap and pcapng, from tcpdump, dumpcap or Wireshark) as weft captures: TCP reassembly over
 * Ethernet, Linux cooked and loopback link types, IPv4 and IPv6. Start at {@link
 * dev.weft.internet.testing.pcap.PcapImport}. Reading is confined to the calling thread; the results are immutable.
 */
@NullMarked
package dev.weft.internet.testing.pcap;

import org.jspecify.annotations.NullMarked;
