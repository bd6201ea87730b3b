/**
 * PHAROS: workload networks, QoS and isolation on the Linux kernel. A bridge per network, a veth
 * per workload into its network namespace, an HTB hierarchy on the network's uplink and an eBPF
 * classifier ({@code src/main/c/pharos.bpf.c}) that puts each workload's traffic in its class by
 * source address, counts it, and drops what isolation forbids. {@link io.piccolo.network.Pharos}
 * owns the kernel state; {@link io.piccolo.network.PharosExecutor} carries out the {@code qos}
 * action and {@link io.piccolo.network.NetworkJoining} joins launched Models to their networks.
 */
package io.piccolo.network;
