package dev.failover4j.engine;

import java.util.List;

/**
 * Routes each kind of {@link Input}, and each kind of failed {@link Action}, to its handler in
 * {@link VirtualRouter}. Exhaustive by construction: a new input or action does not compile until it
 * is routed here.
 */
final class Dispatch implements Input.Visitor<Void> {

    private final VirtualRouter router;
    private long now;
    private List<Action> out;

    Dispatch(VirtualRouter router) {
        this.router = router;
    }

    void handle(Input input, long now, List<Action> out) {
        this.now = now;
        this.out = out;
        input.accept(this);
    }

    @Override
    public Void start(Input.Start s) {
        router.onStart(s, now, out);
        return null;
    }

    @Override
    public Void stop(Input.Stop s) {
        router.onStop(now, out);
        return null;
    }

    @Override
    public Void timeout(Input.Timeout t) {
        router.onTimeout(now, out);
        return null;
    }

    @Override
    public Void packet(Input.PacketReceived p) {
        router.onPacket(p, now, out);
        return null;
    }

    @Override
    public Void health(Input.HealthChanged h) {
        router.onHealth(h, now, out);
        return null;
    }

    @Override
    public Void link(Input.LinkChanged l) {
        router.onLink(l.up(), now, out);
        return null;
    }

    @Override
    public Void vipRemoved(Input.VipRemoved v) {
        router.onVipRemoved(v, out);
        return null;
    }

    @Override
    public Void sourceChanged(Input.SourceChanged c) {
        router.onSourceChanged(c.source(), now, out);
        return null;
    }

    @Override
    public Void resync(Input.Resync r) {
        router.onResync(out);
        return null;
    }

    @Override
    public Void vipBound(Input.VipBound b) {
        router.onVipBound(b.bindId(), now, out);
        return null;
    }

    @Override
    public Void vipBindFailed(Input.VipBindFailed f) {
        router.onVipBindFailed(f.bindId(), f.error(), now, out);
        return null;
    }

    @Override
    public Void actionFailed(Input.ActionFailed f) {
        f.action().accept(new Failure(f.error()));
        return null;
    }

    @Override
    public Void setPriority(Input.SetPriority p) {
        router.onSetPriority(p.priority(), now, out);
        return null;
    }

    @Override
    public Void demote(Input.Demote d) {
        router.onDemote(now, out);
        return null;
    }

    @Override
    public Void sync(Input.Sync s) {
        router.onSync(s, now, out);
        return null;
    }

    @Override
    public Void reconfigure(Input.Reconfigure r) {
        router.onReconfigure(r.config(), now, out);
        return null;
    }

    /** What each kind of failed action means. */
    private final class Failure implements Action.Visitor<Void, RuntimeException> {
        private final String error;

        Failure(String error) {
            this.error = error;
        }

        @Override
        public Void sendAdvert(Action.SendAdvert a) {
            router.onSendFailed();
            return null;
        }

        @Override
        public Void bindVip(Action.BindVip a) {
            router.onVipBindFailed(a.id(), error, now, out); // a driver that reported it as ActionFailed
            return null;
        }

        @Override
        public Void refreshVip(Action.RefreshVip a) {
            router.onRefreshFailed(error, now, out);
            return null;
        }

        @Override
        public Void unbindVip(Action.UnbindVip a) {
            router.onUnbindFailed(error, now, out);
            return null;
        }

        @Override
        public Void announceVip(Action.AnnounceVip a) {
            out.add(new Action.Warn("announcing " + a.vips() + " failed: " + error));
            return null;
        }

        @Override
        public Void notifyStateChange(Action.NotifyStateChange a) {
            out.add(new Action.Warn("notifying listeners failed: " + error));
            return null;
        }

        @Override
        public Void syncWantsMaster(Action.SyncWantsMaster a) {
            return null;
        }

        @Override
        public Void notifyLowerPriorityMaster(Action.NotifyLowerPriorityMaster a) {
            out.add(new Action.Warn("notifying listeners of a lower-priority master failed: " + error));
            return null;
        }

        @Override
        public Void warn(Action.Warn a) {
            return null;
        }
    }
}
