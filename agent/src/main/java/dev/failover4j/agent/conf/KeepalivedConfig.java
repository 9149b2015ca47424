package dev.failover4j.agent.conf;

import dev.failover4j.agent.conf.Problem.Severity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The VRRP half of a keepalived.conf, read with keepalived 2.2.7's semantics (its keepalived.conf(5)
 * and its parser are the reference), and every problem found on the way: unknown keywords, values
 * out of range, what failover4j does not do. What would change failover behaviour is an error, what
 * would not a warning. Nothing is thrown; {@link #problems()} lists everything at once.
 */
public final class KeepalivedConfig {

    /** {@code global_defs}: the parts the VRRP half uses. */
    public static final class Global {
        public String routerId;
        public int garpMasterDelay = 5;
        public int garpMasterRepeat = 5;
        public int garpMasterRefresh;
        public int garpMasterRefreshRepeat = 1;
        public String scriptUser;
        public boolean enableScriptSecurity;
        public Duration startupDelay = Duration.ZERO;
        public int vrrpVersion = 2;
        public String notifyFifo;
        /** notify_fifo's "USER [GROUP]" to own the FIFO when it is made, or null. */
        public String notifyFifoOwner;
        public int downTimerAdverts = 3;
        /** {@code vrrp_rt_priority}: SCHED_RR priority of the protocol, receive and reload threads, or 0. */
        public int rtPriority;
        /** {@code vmac_prefix}: the start of the virtual MAC interfaces' generated names. */
        public String vmacPrefix = "vrrp";
    }

    /** {@code vrrp_script NAME}. */
    public static final class Script {
        public final String name;
        public final Node where;
        public String script;
        public int interval = 1;
        public int timeout;
        public int weight;
        public boolean reverse;
        public int fall = 1;
        public int rise = 1;
        public String user;
        public boolean initFail;

        Script(String name, Node where) {
            this.name = name;
            this.where = where;
        }
    }

    /** One line of {@code virtual_ipaddress}: the address in CIDR form (keepalived's default prefix added). */
    public record Vip(String cidr, String dev, Node where) {
    }

    /** A notify script: its line, and the user (and group) to run it as, or null for the default. */
    public record NotifyScript(String line, String user) {
    }

    /** One entry of {@code track_script}, {@code track_interface} or {@code track_file}: weight null = the default. */
    public record Track(String name, Integer weight, boolean reverse, Node where) {
    }

    /** {@code vrrp_instance NAME}. */
    public static final class Instance {
        public final String name;
        public final Node where;
        public String state;
        public String iface;
        public Integer vrid;
        public Integer priority;
        public BigDecimal advertInt = BigDecimal.ONE;
        public Integer version;
        public String authType;
        public String authPass;
        /** keepalived 2.4's {@code auth_hmac} block, or null. */
        public HmacBlock hmac;
        public final List<Vip> vips = new ArrayList<>();
        public final List<Vip> excluded = new ArrayList<>();
        public String sourceIp;
        public final List<String> unicastPeers = new ArrayList<>();
        public boolean nopreempt;
        public BigDecimal preemptDelay = BigDecimal.ZERO;
        public final List<Track> trackScripts = new ArrayList<>();
        public final List<Track> trackInterfaces = new ArrayList<>();
        public final List<Track> trackFiles = new ArrayList<>();
        public int garpMasterDelay;
        public int garpMasterRepeat;
        public int garpMasterRefresh;
        public int garpMasterRefreshRepeat;
        /** notify_master, notify_backup, notify_fault, notify_stop, notify, notify_master_rx_lower_pri → the script. */
        public final Map<String, NotifyScript> notify = new LinkedHashMap<>();
        public boolean useVmac;
        /** use_vmac NAME: the virtual MAC interface's name, or null for keepalived's default. */
        public String vmacName;
        /** down_timer_adverts, or null: global_defs' vrrp_down_timer_adverts. */
        public Integer downTimerAdverts;

        Instance(String name, Node where, Global g) {
            this.name = name;
            this.where = where;
            garpMasterDelay = g.garpMasterDelay;
            garpMasterRepeat = g.garpMasterRepeat;
            garpMasterRefresh = g.garpMasterRefresh;
            garpMasterRefreshRepeat = g.garpMasterRefreshRepeat;
        }

        /** IPv6 if its first address (VIP, source or peer) is. */
        public boolean ipv6() {
            if (!vips.isEmpty()) {
                return vips.get(0).cidr().contains(":");
            }
            return sourceIp != null ? sourceIp.contains(":") : !unicastPeers.isEmpty() && unicastPeers.get(0).contains(":");
        }

        /** keepalived's effective priority at start: 255 with {@code state MASTER} and no priority, else 100. */
        public int priorityOrDefault() {
            return priority != null ? priority : "MASTER".equals(state) ? 255 : 100;
        }
    }

    /** {@code vrrp_sync_group NAME}. */
    public static final class SyncGroup {
        public final String name;
        public final Node where;
        public final List<String> members = new ArrayList<>();
        public final Map<String, NotifyScript> notify = new LinkedHashMap<>();
        /** keepalived's {@code sync_group_tracking_weight}: members keep their trackers' weights. */
        public boolean trackingWeight;

        SyncGroup(String name, Node where) {
            this.name = name;
            this.where = where;
        }
    }

    /** {@code track_file NAME}. */
    public static final class TrackFile {
        public final String name;
        public final Node where;
        public String file;
        public int weight = 1;
        public boolean reverse;
        public String initValue;
        public boolean initOverwrite;

        TrackFile(String name, Node where) {
            this.name = name;
            this.where = where;
        }
    }

    public final Global global = new Global();
    public final Map<String, Script> scripts = new LinkedHashMap<>();
    public final Map<String, Instance> instances = new LinkedHashMap<>();
    public final Map<String, SyncGroup> syncGroups = new LinkedHashMap<>();
    public final Map<String, TrackFile> trackFiles = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /** Every problem, errors and warnings, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    /** Whether any problem is an error. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    }

    /** Reads {@code file} (and what it includes) for the config id {@code configId}. */
    public static KeepalivedConfig read(Path file, String configId) {
        ConfReader reader = new ConfReader(configId);
        List<Node> nodes = reader.read(file);
        KeepalivedConfig c = new KeepalivedConfig();
        c.problems.addAll(reader.problems());
        c.interpret(nodes);
        return c;
    }

    /** Reads {@code text} as a file named {@code name} (for tests and {@code -t} on standard input). */
    public static KeepalivedConfig parse(String name, String text, String configId) {
        ConfReader reader = new ConfReader(configId);
        List<Node> nodes = reader.read(name, text);
        KeepalivedConfig c = new KeepalivedConfig();
        c.problems.addAll(reader.problems());
        c.interpret(nodes);
        return c;
    }

    // ------------------------------------------------------------------ top level

    /** Blocks of keepalived's other halves: said, and skipped (they do not change VRRP failover). */
    private static final Set<String> OTHER_DAEMONS = Set.of("virtual_server", "virtual_server_group", "real_server",
            "bfd_instance", "static_ipaddress", "static_routes", "static_rules", "linkbeat_interfaces", "garp_group",
            "vrrp_track_process", "track_process", "track_bfd");

    private void interpret(List<Node> nodes) {
        // global_defs first: instances copy its GARP defaults when they are read, as keepalived does
        for (Node n : nodes) {
            if (n.keyword().equals("global_defs")) {
                globalDefs(n);
            }
        }
        for (Node n : nodes) {
            switch (n.keyword()) {
                case "global_defs" -> { }
                case "vrrp_script" -> named(n, scripts, (name) -> new Script(name, n), this::script);
                case "vrrp_instance" -> named(n, instances, (name) -> new Instance(name, n, global), this::instance);
                case "vrrp_sync_group" -> named(n, syncGroups, (name) -> new SyncGroup(name, n), this::syncGroup);
                case "track_file", "vrrp_track_file" -> named(n, trackFiles, (name) -> new TrackFile(name, n), this::trackFile);
                default -> {
                    if (n.keyword().equals("virtual_server") || n.keyword().equals("virtual_server_group")) {
                        warn(n, n.keyword() + " (LVS/IPVS) is not supported by failover4j-agent: the block is ignored",
                                "keep keepalived's checker half (keepalived --check) for load balancing, or remove it");
                    } else if (n.keyword().startsWith("bfd") || n.keyword().equals("bfd_instance")) {
                        warn(n, n.keyword() + " (BFD) is not supported: the block is ignored", null);
                    } else if (OTHER_DAEMONS.contains(n.keyword())) {
                        warn(n, n.keyword() + " is not supported by failover4j-agent: the block is ignored", null);
                    } else {
                        error(n, "unknown keyword '" + n.keyword() + "'", "check its spelling against keepalived.conf(5)");
                    }
                }
            }
        }
        crossChecks();
    }

    private interface Reader<T> {
        void read(T item, Node child);
    }

    private <T> void named(Node n, Map<String, T> into, java.util.function.Function<String, T> make, Reader<T> reader) {
        if (n.args().size() != 1 || !n.hasBlock()) {
            error(n, n.keyword() + " needs one name and a block", "e.g. " + n.keyword() + " NAME { ... }");
            return;
        }
        if (into.containsKey(n.arg())) {
            error(n, n.keyword() + " " + n.arg() + " is defined twice", "give each one its own name");
            return;
        }
        T item = make.apply(n.arg());
        into.put(n.arg(), item);
        for (Node c : n.children()) {
            reader.read(item, c);
        }
    }

    // ------------------------------------------------------------------ global_defs

    private void globalDefs(Node n) {
        for (Node c : n.children()) {
            switch (c.keyword()) {
                case "router_id" -> global.routerId = one(c);
                case "vrrp_garp_master_delay" -> global.garpMasterDelay = intValue(c, 0, 4294, global.garpMasterDelay);
                case "vrrp_garp_master_repeat" -> global.garpMasterRepeat = intValue(c, 1, 100, global.garpMasterRepeat);
                case "vrrp_garp_master_refresh" -> global.garpMasterRefresh = intValue(c, 0, 4294, 0);
                case "vrrp_garp_master_refresh_repeat" -> global.garpMasterRefreshRepeat = intValue(c, 1, 100, 1);
                case "vrrp_garp_interval", "vrrp_gna_interval" -> warn(c, c.keyword()
                        + " is not supported: GARPs / NAs of a burst are sent back to back", null);
                case "script_user" -> global.scriptUser = c.args().isEmpty() ? missing(c) : String.join(" ", c.args());
                case "enable_script_security" -> global.enableScriptSecurity = true;
                case "vrrp_startup_delay" -> {
                    BigDecimal d = decimal(c, new BigDecimal("0.001"), new BigDecimal("600"));
                    if (d != null) {
                        global.startupDelay = seconds(d);
                    }
                }
                case "vrrp_version" -> global.vrrpVersion = intValue(c, 2, 3, 2);
                case "vmac_prefix" -> {
                    String prefix = one(c);
                    if (prefix != null) {
                        global.vmacPrefix = prefix;
                    }
                }
                case "vmac_addr_prefix" -> warn(c, "vmac_addr_prefix is not supported: ignored (it names the VMACs of"
                        + " addresses on other interfaces, which the agent does not make)", null);
                case "default_interface" -> warn(c, "default_interface is not supported: ignored (keepalived uses it for"
                        + " static addresses only; a virtual_ipaddress without dev is on its instance's interface)", null);
                case "startup_script", "startup_script_timeout", "shutdown_script", "shutdown_script_timeout" -> warn(c,
                        c.keyword() + " is not supported: the agent does not run it",
                        "run it from the service instead: ExecStartPre= or ExecStopPost= in a systemd drop-in");
                case "notify_fifo_script" -> warn(c, "notify_fifo_script is not supported: the agent writes the FIFO but"
                        + " does not start its reader", "start the reader as a service of its own");
                case "reload_check_config" -> warn(c, "reload_check_config: ignored, the agent checks every reload before"
                        + " applying it and keeps the running configuration if it has an error", null);
                case "checker_rt_priority", "checker_no_swap", "checker_cpu_affinity", "checker_process_name",
                     "checker_rlimit_rtime", "checker_rlimit_rttime", "bfd_priority", "bfd_rt_priority", "bfd_no_swap",
                     "bfd_cpu_affinity", "bfd_process_name", "bfd_rlimit_rtime", "bfd_rlimit_rttime", "lvs_process_name",
                     "lvs_flush_on_stop", "lvs_flush_onstop", "lvs_notify_fifo", "lvs_notify_fifo_script",
                     "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
                     "lvs_netlink_monitor_rcv_bufs_force", "no_checker_emails", "rs_init_notifies", "nftables_ipvs",
                     "nftables_ipvs_priority", "nftables_ipvs_start_fwmark" -> warn(c, c.keyword()
                        + " (keepalived's checker, BFD or LVS) is not supported: ignored", null);
                case "process_names", "process_name", "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
                     "random_seed", "umask", "config_save_dir", "tmp_config_directory", "data_use_instance", "include_check",
                     "reload_file", "reload_repeat", "reload_time_file", "log_unknown_vrids", "fifo_write_vrrp_states_on_reload",
                     "disable_local_igmp", "min_auto_priority_delay", "no_email_faults", "nftables", "nftables_priority",
                     "nftables_counters", "nftables_ifindex" -> warn(c, c.keyword() + " is not supported: ignored", null);
                case "vrrp_rt_priority" -> {
                    // keepalived clamps to SCHED_RR's 1..99 with a complaint and goes on
                    Integer rt = intValue(c, Integer.MIN_VALUE, Integer.MAX_VALUE, null);
                    if (rt != null && (rt < 1 || rt > 99)) {
                        warn(c, "vrrp_rt_priority " + rt + " is outside SCHED_RR's 1..99: " + (rt < 1 ? 1 : 99) + " is used,"
                                + " as keepalived does", "write a priority in 1..99");
                        rt = rt < 1 ? 1 : 99;
                    }
                    if (rt != null) {
                        global.rtPriority = rt;
                    }
                }
                case "vrrp_down_timer_adverts" -> global.downTimerAdverts = intValue(c, 1, 100, 3);
                case "vrrp_mcast_group4", "vrrp_mcast_group6" -> error(c, c.keyword() + " is not supported: adverts go to the"
                        + " RFC's group (224.0.0.18 / ff02::12)", "remove it, or use unicast_peer");
                case "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat", "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl" ->
                        warn(c, c.keyword() + " is not supported: ignored", "garp_master_refresh sends periodic GARPs while master");
                case "vrrp_notify_fifo_script", "vrrp_notify_priority_changes", "vrrp_cpu_affinity", "vrrp_rlimit_rtime",
                     "vrrp_rlimit_rttime", "vrrp_process_name", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier",
                     "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                     "vrrp_netlink_monitor_rcv_bufs_force" -> warn(c, c.keyword() + " is not supported: ignored", null);
                case "notify_fifo", "vrrp_notify_fifo" -> {
                    if (c.args().isEmpty()) {
                        missing(c);
                    } else if (c.args().size() > 3) {
                        error(c, c.keyword() + " takes a FIFO, then a user and a group to own it: "
                                + String.join(" ", c.args().subList(3, c.args().size())) + " is too much", null);
                    } else {
                        global.notifyFifo = c.arg();
                        global.notifyFifoOwner = c.args().size() > 1 ? String.join(" ", c.args().subList(1, c.args().size())) : null;
                    }
                }
                case "vrrp_strict" -> error(c, "vrrp_strict is not supported", "remove it; failover4j follows the RFC's"
                        + " checks on received adverts anyway (README, \"RFC differences\")");
                case "enable_traps", "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2",
                     "enable_snmp_rfcv3", "enable_snmp_checker", "snmp_socket" -> warn(c, c.keyword()
                        + " (SNMP) is not supported: ignored", "failover4j-agent status --json and the metrics give the same facts");
                case "enable_dbus", "dbus_service_name" -> warn(c, c.keyword() + " (DBus) is not supported: ignored", null);
                case "notification_email", "notification_email_from", "smtp_server", "smtp_connect_timeout", "smtp_alert",
                     "smtp_alert_vrrp", "smtp_alert_checker", "smtp_helo_name" -> warn(c, c.keyword()
                        + " (e-mail alerts) is not supported: ignored", "use a notify script");
                case "lvs_id", "lvs_sync_daemon", "lvs_timeouts", "lvs_flush", "checker_log_all_failures" -> warn(c,
                        c.keyword() + " (LVS) is not supported: ignored", null);
                case "vrrp_skip_check_adv_addr", "vrrp_check_unicast_src", "vrrp_iptables", "vrrp_ipsets", "vrrp_no_swap",
                     "vrrp_priority", "checker_priority", "max_auto_priority", "dynamic_interfaces",
                     "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "vrrp_min_garp" ->
                        warn(c, c.keyword() + " is not supported: ignored", null);
                default -> error(c, "unknown keyword '" + c.keyword() + "' in global_defs", "check its spelling against keepalived.conf(5)");
            }
        }
    }

    // ------------------------------------------------------------------ vrrp_script

    private void script(Script s, Node c) {
        switch (c.keyword()) {
            case "script" -> {
                s.script = c.args().isEmpty() ? missing(c) : c.arg();
                if (c.args().size() > 1) { // keepalived 2.2.7 re-splits only the first word (set_script_params_array)
                    warn(c, "vrrp_script " + s.name + ": only " + c.arg() + " is run, as keepalived 2.2.7 does; "
                            + String.join(" ", c.args().subList(1, c.args().size())) + " is not passed to it",
                            "quote the command with its arguments: script \"" + String.join(" ", c.args()) + "\"");
                }
            }
            case "interval" -> s.interval = zeroIsOne(c, s.name, intValue(c, 0, 4294, 1));
            case "timeout" -> s.timeout = zeroIsOne(c, s.name, intValue(c, 0, 4294, 0));
            case "weight" -> {
                s.weight = firstInt(c, -253, 253, 0);
                s.reverse = reverse(c, 1);
            }
            case "fall" -> s.fall = intValue(c, 1, 1000, 1);
            case "rise" -> s.rise = intValue(c, 1, 1000, 1);
            case "user" -> s.user = c.args().isEmpty() ? missing(c) : String.join(" ", c.args());
            case "init_fail" -> s.initFail = true;
            default -> error(c, "unknown keyword '" + c.keyword() + "' in vrrp_script " + s.name,
                    "vrrp_script takes script, interval, timeout, weight, fall, rise, user, init_fail");
        }
    }

    // ------------------------------------------------------------------ vrrp_instance

    private void instance(Instance i, Node c) {
        switch (c.keyword()) {
            case "state" -> {
                String v = one(c);
                if ("MASTER".equals(v) || "BACKUP".equals(v)) {
                    i.state = v;
                } else if (v != null) {
                    error(c, "state " + v + " is not MASTER or BACKUP (upper case, as keepalived)", "write state BACKUP or state MASTER");
                }
            }
            case "interface" -> i.iface = one(c);
            case "virtual_router_id" -> i.vrid = intValue(c, 1, 255, i.vrid);
            case "priority" -> i.priority = intValue(c, 1, 255, i.priority);
            case "advert_int" -> {
                BigDecimal d = decimal(c, new BigDecimal("0.01"), new BigDecimal("255"));
                if (d != null) {
                    i.advertInt = d;
                }
            }
            case "version" -> i.version = intValue(c, 2, 3, i.version);
            case "authentication" -> {
                for (Node a : c.children()) {
                    switch (a.keyword()) {
                        case "auth_type" -> i.authType = one(a);
                        case "auth_pass" -> i.authPass = one(a);
                        default -> error(a, "unknown keyword '" + a.keyword() + "' in authentication", "it takes auth_type and auth_pass");
                    }
                }
            }
            case "auth_hmac" -> {
                HmacBlock h = new HmacBlock(c);
                for (Node a : c.children()) {
                    switch (a.keyword()) {
                        case "key" -> {
                            if (a.args().size() != 2) {
                                error(a, "key needs an id and a value", "write key ID hex:HEX, key ID file:PATH or key ID TEXT");
                                continue;
                            }
                            Integer id = null;
                            try {
                                id = Integer.parseInt(a.args().get(0));
                            } catch (NumberFormatException e) {
                                error(a, "key id '" + a.args().get(0) + "' is not a number", "an id 1..255");
                                continue;
                            }
                            if (h.keys.putIfAbsent(id, a) != null) {
                                error(a, "key " + id + " is given twice", null);
                            }
                        }
                        case "active_key" -> h.activeKey = intValue(a, 1, 255, h.activeKey);
                        case "mode" -> h.mode = one(a);
                        case "anti_replay" -> h.antiReplay = one(a);
                        case "time_window" -> h.timeWindow = intValue(a, 1, 3600, h.timeWindow);
                        default -> error(a, "unknown keyword '" + a.keyword() + "' in auth_hmac",
                                "it takes key, active_key, mode, anti_replay and time_window");
                    }
                }
                i.hmac = h;
            }
            case "virtual_ipaddress" -> addresses(c, i.vips);
            case "virtual_ipaddress_excluded" -> addresses(c, i.excluded);
            case "unicast_src_ip", "mcast_src_ip" -> i.sourceIp = one(c);
            case "unicast_peer" -> {
                for (Node p : c.children()) {
                    if (!p.args().isEmpty()) {
                        warn(p, "unicast_peer options (" + String.join(" ", p.args()) + ") are not supported: ignored", null);
                    }
                    i.unicastPeers.add(p.keyword());
                }
            }
            case "nopreempt" -> i.nopreempt = true;
            case "preempt" -> i.nopreempt = false;
            case "preempt_delay" -> {
                BigDecimal d = decimal(c, BigDecimal.ZERO, new BigDecimal("1000"));
                if (d != null) {
                    i.preemptDelay = d;
                }
            }
            case "track_script" -> tracks(c, i.trackScripts);
            case "track_interface" -> tracks(c, i.trackInterfaces);
            case "track_file" -> tracks(c, i.trackFiles);
            case "garp_master_delay" -> i.garpMasterDelay = intValue(c, 0, 4294, i.garpMasterDelay);
            case "garp_master_repeat" -> i.garpMasterRepeat = intValue(c, 1, 100, i.garpMasterRepeat);
            case "garp_master_refresh" -> i.garpMasterRefresh = intValue(c, 0, 4294, i.garpMasterRefresh);
            case "garp_master_refresh_repeat" -> i.garpMasterRefreshRepeat = intValue(c, 1, 100, i.garpMasterRefreshRepeat);
            case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notify_master_rx_lower_pri" ->
                    notify(c, i.notify);
            case "use_vmac" -> {
                i.useVmac = true;
                for (String a : c.args()) {
                    if (a.contains(":")) {
                        error(c, "use_vmac with a MAC address (" + a + ") is not supported", "leave the MAC out: the RFC's"
                                + " 00:00:5e:00:01:{VRID} (IPv6 00:00:5e:00:02:{VRID}) is used");
                    } else if (i.vmacName != null) {
                        error(c, "use_vmac takes one interface name: " + a + " is one too many", "write use_vmac [NAME]");
                    } else if (a.length() > 15 || a.contains("/")) {
                        error(c, "use_vmac " + a + ": not an interface name", "at most 15 characters, no '/'");
                    } else {
                        i.vmacName = a;
                    }
                }
            }
            case "dont_track_primary" -> error(c, "dont_track_primary is not supported",
                    "remove it: the group's own interface going down always means FAULT");
            case "vmac_xmit_base" -> error(c, "vmac_xmit_base is not supported", "remove it: adverts go through the VMAC");
            case "accept", "no_accept", "debug", "smtp_alert", "notify_deleted", "skip_check_adv_addr", "check_unicast_src",
                 "unicast_fault_no_peer", "kernel_rx_buf_size", "lower_prio_no_advert", "higher_prio_send_advert" ->
                    warn(c, c.keyword() + " is not supported: ignored", null);
            case "strict_mode" -> error(c, "strict_mode is not supported", "remove it (README, \"RFC differences\")");
            case "virtual_routes", "virtual_rules" -> error(c, c.keyword() + " is not supported yet",
                    "add the routes from a notify_master script for now");
            case "track_bfd", "track_process" -> error(c, c.keyword() + " is not supported", "track a file or a script instead");
            case "down_timer_adverts" -> i.downTimerAdverts = intValue(c, 1, 100, null);
            case "mcast_dst_ip" -> error(c, "mcast_dst_ip is not supported: adverts go to the RFC's group (224.0.0.18 / ff02::12)",
                    "remove it, or use unicast_peer");
            case "use_ipvlan", "vrf", "unicast_ttl", "track_src_ip", "native_ipv6", "old_unicast_checksum" -> error(c, c.keyword()
                    + " is not supported", "remove it; the README's directive table lists what the agent reads");
            case "garp_lower_prio_delay", "garp_lower_prio_repeat", "garp_extra_if", "garp_interval", "gna_interval",
                 "vmac_garp_intvl", "use_vmac_addr", "linkbeat_use_polling", "notify_priority_changes", "promote_secondaries" ->
                    warn(c, c.keyword() + " is not supported: ignored", null);
            default -> error(c, "unknown keyword '" + c.keyword() + "' in vrrp_instance " + i.name,
                    "check its spelling against keepalived.conf(5)");
        }
    }

    private void addresses(Node block, List<Vip> into) {
        for (Node a : block.children()) {
            String addr = a.keyword();
            String cidr = addr.contains("/") ? addr : addr + (addr.contains(":") ? "/128" : "/32"); // keepalived's default
            String dev = null;
            List<String> args = a.args();
            for (int k = 0; k < args.size(); k++) {
                String w = args.get(k);
                switch (w) {
                    case "dev" -> dev = k + 1 < args.size() ? args.get(++k) : missing(a);
                    case "label", "scope", "brd", "preferred_lft" -> {
                        warn(a, w + " on a virtual address is not supported: ignored (the address is added without it)", null);
                        k++;
                    }
                    case "no_track", "home", "-nodad", "nodad", "noprefixroute", "mngtmpaddr", "autojoin" ->
                            warn(a, w + " on a virtual address is not supported: ignored", null);
                    default -> error(a, "unknown word '" + w + "' after the address " + addr,
                            "one address per line: ADDRESS[/PREFIX] [dev IFACE]");
                }
            }
            into.add(new Vip(cidr, dev, a));
        }
    }

    /** keepalived 2.2.7 sets a tracker's weight of ±254 to ±253, with a complaint: so does the agent. */
    private Integer clamped254(Node c, String what, Integer weight) {
        if (weight != null && Math.abs(weight) == 254) {
            warn(c, what + ": weight " + weight + " cannot be ±254: " + (weight > 0 ? 253 : -253) + " is used, as keepalived does",
                    "write a weight in -253..253");
            return weight > 0 ? 253 : -253;
        }
        return weight;
    }

    private void tracks(Node block, List<Track> into) {
        for (Node t : block.children()) {
            Integer weight = null;
            boolean reverse = false;
            List<String> args = t.args();
            if (!args.isEmpty()) {
                if (args.get(0).equals("weight") && args.size() >= 2) {
                    weight = clamped254(t, block.keyword() + " " + t.keyword(),
                            parseInt(t, block.keyword() + " " + t.keyword() + ": weight", args.get(1), -254, 254));
                    if (args.size() >= 3) {
                        if (args.get(2).equals("reverse")) {
                            reverse = true;
                        } else if (!args.get(2).equals("noreverse")) {
                            error(t, "unknown word '" + args.get(2) + "'", "write weight N [reverse]");
                        }
                    }
                } else {
                    error(t, "unknown words after " + t.keyword() + ": " + String.join(" ", args), "write NAME [weight N [reverse]]");
                }
            }
            into.add(new Track(t.keyword(), weight, reverse, t));
        }
    }

    private void notify(Node c, Map<String, NotifyScript> into) {
        if (c.args().isEmpty()) {
            missing(c);
            return;
        }
        if (into.containsKey(c.keyword())) {
            error(c, c.keyword() + " is given twice", "keep one");
            return;
        }
        String user = null;
        if (c.args().size() > 3) {
            error(c, c.keyword() + " takes a script, then a user and a group to run it as: "
                    + String.join(" ", c.args().subList(3, c.args().size())) + " is too much", "quote the script with its arguments");
        } else if (c.args().size() > 1) {
            user = String.join(" ", c.args().subList(1, c.args().size())); // keepalived: the user and group to run it as
        }
        into.put(c.keyword(), new NotifyScript(c.arg(), user));
    }

    // ------------------------------------------------------------------ vrrp_sync_group, track_file

    private void syncGroup(SyncGroup g, Node c) {
        switch (c.keyword()) {
            case "group" -> {
                for (Node m : c.children()) {
                    g.members.add(m.keyword());
                    for (String more : m.args()) {
                        g.members.add(more);
                    }
                }
            }
            case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" -> notify(c, g.notify);
            case "sync_group_tracking_weight", "global_tracking" -> g.trackingWeight = true;
            case "smtp_alert", "notify_priority_changes" -> warn(c, c.keyword() + " is not supported: ignored", null);
            case "track_interface", "track_script", "track_file" -> error(c, c.keyword() + " in a sync group is not supported",
                    "track it in each member vrrp_instance");
            default -> error(c, "unknown keyword '" + c.keyword() + "' in vrrp_sync_group " + g.name,
                    "it takes group { ... } and notify scripts");
        }
    }

    private void trackFile(TrackFile t, Node c) {
        switch (c.keyword()) {
            case "file" -> t.file = one(c);
            case "weight" -> {
                t.weight = clamped254(c, "track_file " + t.name, firstInt(c, -254, 254, 1));
                t.reverse = reverse(c, 1);
            }
            case "init_file" -> {
                t.initValue = c.args().isEmpty() ? "0" : c.arg();
                t.initOverwrite = c.args().contains("overwrite");
            }
            default -> error(c, "unknown keyword '" + c.keyword() + "' in track_file " + t.name, "it takes file, weight, init_file");
        }
    }

    // ------------------------------------------------------------------ checks across blocks

    private void crossChecks() {
        for (Script s : scripts.values()) {
            if (s.script == null) {
                error(s.where, "vrrp_script " + s.name + " has no script", "add: script \"/path/to/check arguments\"");
            }
        }
        for (TrackFile t : trackFiles.values()) {
            if (t.file == null) {
                error(t.where, "track_file " + t.name + " has no file", "add: file /path/to/file");
            }
        }
        Map<String, Instance> byKey = new LinkedHashMap<>();
        for (Instance i : instances.values()) {
            if (i.iface == null) {
                error(i.where, "vrrp_instance " + i.name + " has no interface", "add: interface eth0");
            }
            if (i.vrid == null) {
                error(i.where, "vrrp_instance " + i.name + " has no virtual_router_id", "add: virtual_router_id 51 (1..255,"
                        + " the same on every node of the pair, unique on the LAN)");
            }
            for (Track t : i.trackScripts) {
                if (!scripts.containsKey(t.name())) {
                    error(t.where(), "track_script " + t.name() + ": no vrrp_script of that name", "define vrrp_script "
                            + t.name() + " { ... } or remove the line");
                }
            }
            for (Track t : i.trackFiles) {
                if (!trackFiles.containsKey(t.name())) {
                    error(t.where(), "track_file " + t.name() + ": no track_file block of that name", "define track_file "
                            + t.name() + " { file ... } or remove the line");
                }
            }
            if (i.nopreempt && "MASTER".equals(i.state)) {
                warn(i.where, "vrrp_instance " + i.name + ": nopreempt with state MASTER; keepalived clears nopreempt, and so does the agent",
                        "write state BACKUP on every node to use nopreempt");
                i.nopreempt = false;
            }
            if (i.priority == null && "MASTER".equals(i.state)) {
                warn(i.where, "vrrp_instance " + i.name + ": state MASTER and no priority: priority 255 (the address owner),"
                        + " as keepalived", "set the priority (e.g. 101) unless this node owns the address");
            }
            if (i.vips.isEmpty()) {
                error(i.where, "vrrp_instance " + i.name + " has no virtual_ipaddress", "add virtual_ipaddress { 192.168.0.100/24 }");
            }
            if (i.authType != null && !i.authType.equals("PASS")) {
                error(i.where, "auth_type " + i.authType + " is not supported", "use auth_type PASS, or none");
            }
            if (i.authPass != null && i.authPass.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 8) {
                warn(i.where, "auth_pass is longer than 8 bytes: only the first 8 are used, as keepalived", null);
                i.authPass = new String(java.util.Arrays.copyOf(i.authPass.getBytes(java.nio.charset.StandardCharsets.UTF_8), 8),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            for (Vip v : i.excluded) {
                if (!i.vips.isEmpty() && v.cidr().contains(":") != i.ipv6()) {
                    error(v.where(), "virtual_ipaddress_excluded " + v.cidr() + " is of the other family: not supported",
                            "put it in a vrrp_instance of its family and join the two in a vrrp_sync_group");
                }
            }
            for (Vip v : concat(i.vips, i.excluded)) {
                if (v.dev() != null && !v.dev().equals(i.iface)) {
                    error(v.where(), "a virtual address on another interface (dev " + v.dev() + ") is not supported",
                            "put it in a vrrp_instance on " + v.dev() + " and join the two in a vrrp_sync_group");
                }
            }
            if (i.iface != null && i.vrid != null && i.unicastPeers.isEmpty()) {
                String key = i.iface + "/" + i.vrid + "/" + (i.ipv6() ? "6" : "4");
                Instance other = byKey.putIfAbsent(key, i);
                if (other != null) {
                    error(i.where, "vrrp_instance " + i.name + " and " + other.name + " both use VRID " + i.vrid + " on "
                            + i.iface, "give each instance on an interface its own virtual_router_id");
                }
            }
        }
        Map<String, String> memberOf = new LinkedHashMap<>();
        for (SyncGroup g : syncGroups.values()) {
            for (String m : g.members) {
                if (!instances.containsKey(m)) {
                    error(g.where, "vrrp_sync_group " + g.name + ": no vrrp_instance " + m, "check the name in group { }");
                } else if (memberOf.putIfAbsent(m, g.name) != null) {
                    error(g.where, "vrrp_instance " + m + " is in two sync groups (" + memberOf.get(m) + ", " + g.name + ")", null);
                }
            }
        }
    }

    private static List<Vip> concat(List<Vip> a, List<Vip> b) {
        List<Vip> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ------------------------------------------------------------------ values

    private String one(Node c) {
        if (c.args().isEmpty()) {
            return missing(c);
        }
        if (c.args().size() > 1) {
            error(c, c.keyword() + " takes one value, not " + c.args().size() + ": " + String.join(" ", c.args()),
                    "quote a value with spaces");
        }
        return c.arg();
    }

    private String missing(Node c) {
        error(c, c.keyword() + " needs a value", null);
        return null;
    }

    /** keepalived's vrrp_script interval and timeout: 0 (allowed before 2.0.7) is set to 1, with a warning. */
    private int zeroIsOne(Node c, String script, int n) {
        if (n == 0 && !c.args().isEmpty() && "0".equals(c.arg())) {
            warn(c, "vrrp_script " + script + ": " + c.keyword() + " must be greater than 0: set to 1, as keepalived does",
                    "write " + c.keyword() + " 1");
            return 1;
        }
        return n;
    }

    private Integer intValue(Node c, int min, int max, Integer otherwise) {
        String v = one(c);
        if (v == null) {
            return otherwise;
        }
        Integer n = parseInt(c, c.keyword(), v, min, max);
        return n != null ? n : otherwise;
    }

    /** The first argument as a whole number (others are read by the caller). */
    private Integer firstInt(Node c, int min, int max, Integer otherwise) {
        if (c.args().isEmpty()) {
            missing(c);
            return otherwise;
        }
        Integer n = parseInt(c, c.keyword(), c.arg(), min, max);
        return n != null ? n : otherwise;
    }

    private Integer parseInt(Node c, String what, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                error(c, what + " " + v + " is out of range", "allowed " + min + ".." + max);
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            error(c, what + " '" + v + "' is not a whole number", "allowed " + min + ".." + max);
            return null;
        }
    }

    private BigDecimal decimal(Node c, BigDecimal min, BigDecimal max) {
        String v = one(c);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                error(c, c.keyword() + " " + v + " is out of range", "allowed " + min.toPlainString() + ".."
                        + max.toPlainString() + " seconds");
                return null;
            }
            return d;
        } catch (NumberFormatException e) {
            error(c, c.keyword() + " '" + v + "' is not a number of seconds", "e.g. 1 or 0.1");
            return null;
        }
    }

    private boolean reverse(Node c, int at) {
        if (c.args().size() <= at) {
            return false;
        }
        if (c.args().size() == at + 1 && (c.args().get(at).equals("reverse") || c.args().get(at).equals("noreverse"))) {
            return c.args().get(at).equals("reverse");
        }
        error(c, "unknown words after " + c.keyword() + ": " + String.join(" ", c.args().subList(at, c.args().size())),
                "write " + c.keyword() + " N [reverse]");
        return false;
    }

    /** Seconds as a Duration, to the microsecond (keepalived's resolution). */
    public static Duration seconds(BigDecimal s) {
        return Duration.ofNanos(s.movePointRight(9).longValue());
    }

    private void error(Node n, String message, String hint) {
        problems.add(new Problem(n.file(), n.line(), Severity.ERROR, message, hint));
    }

    private void warn(Node n, String message, String hint) {
        problems.add(new Problem(n.file(), n.line(), Severity.WARNING, message, hint));
    }

    /** keepalived 2.4's {@code auth_hmac} block of an instance, as written (checked when the group is built). */
    public static final class HmacBlock {
        public final Node where;
        /** key id to its line ({@code key ID VALUE}). */
        public final java.util.Map<Integer, Node> keys = new java.util.TreeMap<>();
        public Integer activeKey;
        public String mode;
        public String antiReplay;
        public Integer timeWindow;

        HmacBlock(Node where) {
            this.where = where;
        }
    }
}
