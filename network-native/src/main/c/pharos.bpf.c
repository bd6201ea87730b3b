// SPDX-License-Identifier: GPL-2.0
// PHAROS classifier: tc programs that map each workload's traffic to its HTB class by source
// address, count what every workload sends, and drop what network isolation forbids. The Java
// executor owns the maps' contents; these programs only read the address tables and count.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

// One workload: its HTB class on the network's uplink and the network it belongs to.
struct host {
  __u32 minor; // the class's minor number under the uplink's HTB root (1:minor)
  __u32 net;   // the executor's number for the workload's network
};

// Traffic one workload sent, per CPU (summed by the reader).
struct usage {
  __u64 packets;
  __u64 bytes;
  __u64 drops;
  __u64 dropped_bytes;
};

// A pair of networks between which isolation forbids traffic.
struct net_pair {
  __u32 from;
  __u32 to;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, __u32); // IPv4 address, network byte order
  __type(value, struct host);
} pharos_hosts SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, __u32);
  __type(value, struct usage);
} pharos_usage SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, struct net_pair);
  __type(value, __u8);
} pharos_deny SEC(".maps");

static __always_inline struct iphdr *ipv4(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *end = (void *)(long)skb->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP)) {
    return 0;
  }
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) {
    return 0;
  }
  return ip;
}

static __always_inline void count(__u32 source, struct __sk_buff *skb, int dropped) {
  struct usage *u = bpf_map_lookup_elem(&pharos_usage, &source);
  if (!u) {
    struct usage zero = {};
    bpf_map_update_elem(&pharos_usage, &source, &zero, BPF_NOEXIST);
    u = bpf_map_lookup_elem(&pharos_usage, &source);
    if (!u) {
      return;
    }
  }
  if (dropped) {
    u->drops++;
    u->dropped_bytes += skb->len;
  } else {
    u->packets++;
    u->bytes += skb->len;
  }
}

// Ingress of a workload's bridge port: everything the workload sends passes here once.
SEC("tc")
int pharos_port(struct __sk_buff *skb) {
  struct iphdr *ip = ipv4(skb);
  if (!ip) {
    return TC_ACT_OK;
  }
  __u32 source = ip->saddr;
  struct host *from = bpf_map_lookup_elem(&pharos_hosts, &source);
  if (!from) {
    return TC_ACT_OK;
  }
  __u32 destination = ip->daddr;
  struct host *to = bpf_map_lookup_elem(&pharos_hosts, &destination);
  if (to && to->net != from->net) {
    struct net_pair pair = {.from = from->net, .to = to->net};
    if (bpf_map_lookup_elem(&pharos_deny, &pair)) {
      count(source, skb, 1);
      return TC_ACT_SHOT;
    }
  }
  count(source, skb, 0);
  return TC_ACT_OK;
}

// Egress of a network's uplink, as the filter of its HTB root: the source's class. tc_classid
// holds only the minor number; the filter's own classid gives the major. A source with no entry
// is left to the next filter (none), so HTB puts it in its default class.
SEC("tc")
int pharos_classify(struct __sk_buff *skb) {
  struct iphdr *ip = ipv4(skb);
  if (!ip) {
    return TC_ACT_UNSPEC;
  }
  __u32 source = ip->saddr;
  struct host *h = bpf_map_lookup_elem(&pharos_hosts, &source);
  if (!h) {
    return TC_ACT_UNSPEC;
  }
  skb->tc_classid = h->minor;
  return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
