#!/usr/bin/env python3
"""PyTorch twin of `dreamer bench step --workload v3` (bench/step-v3.ts): one update of our DreamerAgent at
DreamerV3 "S" size, the same networks, losses, optimiser settings and timing protocol, written for this repo.

Workload (each iteration = world-model update, then actor-critic update; 2 warm-up + 5 timed iterations):
  data        : B 16 x T 64 random batch, obs 17 (vector), Box action 6; every sequence starts an episode.
  layers      : Dense = x @ W (+ b), W [in, out] glorot-uniform, b zeros. Every hidden layer is Dense (no bias)
                -> LayerNorm (eps 1e-3, learned scale/offset) -> SiLU; MLPs end in a Dense with bias.
  world model : encoder symlog(obs) 17 -> 512 -> 512 (no output layer, embed 512).
                RSSM: img_in [stoch 1024, act 6] -> 512; GRU (DreamerV3 cell) one Dense [x 512, h 512] -> 1536
                (no bias) -> LayerNorm -> reset r, candidate c, update u: h' = h + sigmoid(u - 1) * (tanh(sigmoid(r)
                * c) - h); prior 512 -> 512 -> 1024 logits; posterior [h, embed] 1024 -> 512 -> 1024 logits.
                Latent: 32 categoricals x 32 classes, probs = 0.99 softmax + 0.01/32, Gumbel-max sample with
                straight-through gradient. Posterior per step (reset of h, z, a where is_first); prior over all T*B.
                Heads on feat = [h, z] (1536): decoder -> 17 (symlog MSE, summed over dims), reward -> 255 two-hot
                bins over [-20, 20] in symlog space (zero-initialised output), continue -> 1 (Bernoulli logits).
                Loss = recon + reward + cont + 0.5 dyn + 0.1 rep, dyn/rep = mean(max(KL, 1 free nat)) with the
                stop-gradient on the posterior (dyn) or the prior (rep). Adam(1e-4, 0.9/0.999, eps 1e-8), clip 1000.
  behaviour   : imagination without gradient, H 15 from all B*T = 1024 posterior states: actor 1536 -> 512 ->
                512 -> 12, Gaussian mean tanh(m), std 0.1 + 0.9 sigmoid(s + 2), action clipped to [-1, 1] for the
                model. Reward = two-hot mean, continue = sigmoid, critic 1536 -> 512 -> 512 -> 255 (zero-init out).
                lambda-returns (gamma 0.997, lambda 0.95, discount gamma * continue), weights = cumulative discount.
                Returns normalised by max(1, EMA P95 - EMA P5) (decay 0.99). Actor (REINFORCE):
                -mean(w * (log pi(a) (R - v) / scale + 3e-4 entropy)); critic: mean(w * (twohot NLL of R + twohot
                NLL of the slow critic's value)); slow critic EMA 0.02. Adam(3e-5, eps 1e-5), clip 100 for both.
  reads       : every update reads its loss and gradient norm (as our Adam does to skip NaN/Inf updates).

How to run (Debian's python3-torch 1.13 is in /usr/bin/python3; the fair BLAS is Debian's BLIS, unpacked as
/work/shared/peers/README.md says):
  D=$(mktemp -d) && (cd "$D" && apt-get download libblis4-openmp && dpkg -x libblis4-openmp_*.deb blis)
  LD_LIBRARY_PATH=$D/blis/usr/lib/x86_64-linux-gnu/blis-openmp /usr/bin/python3 bench/peers/torch_dreamer_v3_step.py --threads 2
The last line is `SUMMARY {...}` with `wm_ms.mean` and `actor_critic_ms.mean` (wall milliseconds per update) and
`wm_cpu_ms` / `actor_critic_cpu_ms` (CPU time of all the process's threads: the figure a shared machine distorts least).
"""
import argparse
import json
import math
import os
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--warmup', type=int, default=2)
ap.add_argument('--reps', type=int, default=5)
ap.add_argument('--seed', type=int, default=0)
ap.add_argument('--foreach', action='store_true', help='Adam(foreach=True) (torch 1.13 default: False)')
args = ap.parse_args()

# Thread counts must be in the environment before torch loads its BLAS.
for var in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'BLIS_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[var] = str(args.threads)

import torch                      # noqa: E402
import torch.nn.functional as F   # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)

SIZE = dict(obs=17, act=6, B=16, T=64, deter=512, hidden=512, units=512, layers=2, groups=32, classes=32, bins=255,
            H=15)
HYPER = dict(unimix=0.01, norm_eps=1e-3, gru_update_bias=-1.0, free_nats=1.0,
             scales=dict(recon=1.0, reward=1.0, cont=1.0, dyn=0.5, rep=0.1),
             model_lr=1e-4, model_eps=1e-8, model_clip=1000.0,
             gamma=0.997, lam=0.95, entropy=3e-4, min_std=0.1, max_std=1.0, std_offset=2.0,
             slow_rate=0.02, slow_reg=1.0, norm_decay=0.99, ac_lr=3e-5, ac_eps=1e-5, ac_clip=100.0,
             twohot_low=-20.0, twohot_high=20.0)
HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
HALF_LOG_2PIE = 0.5 * math.log(2 * math.pi * math.e)


# ------------------------------------------------------------------------------------------------ layers
class Params:
    """A flat list of leaf tensors (one optimiser group) and the builders that fill it."""

    def __init__(self):
        self.tensors = []

    def leaf(self, t):
        t.requires_grad_()
        self.tensors.append(t)
        return t

    def dense(self, n_in, n_out, bias=True, zero=False):
        limit = math.sqrt(6.0 / (n_in + n_out))
        w = torch.zeros(n_in, n_out) if zero else torch.empty(n_in, n_out).uniform_(-limit, limit)
        return {'w': self.leaf(w), 'b': self.leaf(torch.zeros(n_out)) if bias else None}

    def norm(self, dim):
        return {'scale': self.leaf(torch.ones(dim)), 'offset': self.leaf(torch.zeros(dim))}

    def mlp(self, n_in, n_out, layers, units, zero_out=False):
        """`layers` hidden blocks of `units` (Dense without bias -> LayerNorm -> SiLU), then Dense -> n_out (or none)."""
        hidden, dim = [], n_in
        for _ in range(layers):
            hidden.append((self.dense(dim, units, bias=False), self.norm(units)))
            dim = units
        out = None if n_out is None else self.dense(dim, n_out, zero=zero_out)
        return {'hidden': hidden, 'out': out}


def linear(x, d):
    return x @ d['w'] if d['b'] is None else torch.addmm(d['b'], x, d['w'])


def layer_norm(x, n):
    return F.layer_norm(x, (x.shape[-1],), n['scale'], n['offset'], HYPER['norm_eps'])


def mlp(x, net):
    for dense, norm in net['hidden']:
        x = F.silu(layer_norm(linear(x, dense), norm))
    return x if net['out'] is None else linear(x, net['out'])


def symlog(x):
    return torch.sign(x) * torch.log1p(x.abs())


def symexp(x):
    return torch.sign(x) * torch.expm1(x.abs())


# ------------------------------------------------------------------------------------------------ distributions
BIN_VALUES = torch.linspace(HYPER['twohot_low'], HYPER['twohot_high'], SIZE['bins'])
BIN_STEP = (HYPER['twohot_high'] - HYPER['twohot_low']) / (SIZE['bins'] - 1)


def twohot_mean(logits):                                   # [N, bins] -> [N], real scale
    return symexp((torch.softmax(logits, -1) * BIN_VALUES).sum(-1))


def twohot_encode(y):                                      # [N] -> [N, bins]
    pos = (symlog(y).clamp(HYPER['twohot_low'], HYPER['twohot_high']) - HYPER['twohot_low']) / BIN_STEP
    below = pos.floor().clamp(0, SIZE['bins'] - 1)
    above = (below + 1).clamp(max=SIZE['bins'] - 1)
    w_above = (pos - below).clamp(0, 1)
    target = torch.zeros(y.shape[0], SIZE['bins'])
    target.scatter_add_(1, below.long()[:, None], (1 - w_above)[:, None])
    target.scatter_add_(1, above.long()[:, None], w_above[:, None])
    return target


def twohot_nll(logits, y):                                 # [N]
    return -(twohot_encode(y) * torch.log_softmax(logits, -1)).sum(-1)


def cat_probs(logits):                                     # [N, G*C] -> [N, G, C], 1 % uniform mix
    p = torch.softmax(logits.reshape(-1, SIZE['groups'], SIZE['classes']), -1)
    return p * (1 - HYPER['unimix']) + HYPER['unimix'] / SIZE['classes']


def cat_sample(logits):                                    # straight-through one-hot sample, [N, G*C]
    probs = cat_probs(logits)
    u = torch.empty_like(probs).uniform_(1e-6, 1 - 1e-6)
    idx = (probs.log() - torch.log(-torch.log(u))).argmax(-1)
    onehot = F.one_hot(idx, SIZE['classes']).float()
    return (onehot + probs - probs.detach()).reshape(probs.shape[0], -1)


def cat_kl(post, prior):                                   # [N]
    q, p = cat_probs(post), cat_probs(prior)
    return (q * (q.log() - p.log())).sum((1, 2))


def actor_dist(out):                                       # [N, 2A] -> mean, std
    m, s = out.chunk(2, 1)
    std = torch.sigmoid(s + HYPER['std_offset']) * (HYPER['max_std'] - HYPER['min_std']) + HYPER['min_std']
    return torch.tanh(m), std


# ------------------------------------------------------------------------------------------------ agent
class Agent:
    def __init__(self, foreach):
        z = SIZE
        stoch, feat = z['groups'] * z['classes'], z['deter'] + z['groups'] * z['classes']
        wm = self.wm = Params()
        self.encoder = wm.mlp(z['obs'], None, z['layers'], z['units'])
        self.img_in = wm.mlp(stoch + z['act'], None, 1, z['hidden'])
        self.gru = {'dense': wm.dense(z['hidden'] + z['deter'], 3 * z['deter'], bias=False), 'norm': wm.norm(3 * z['deter'])}
        self.prior = wm.mlp(z['deter'], stoch, 1, z['hidden'])
        self.post = wm.mlp(z['deter'] + z['units'], stoch, 1, z['hidden'])
        self.decoder = wm.mlp(feat, z['obs'], z['layers'], z['units'])
        self.reward = wm.mlp(feat, z['bins'], z['layers'], z['units'], zero_out=True)
        self.cont = wm.mlp(feat, 1, z['layers'], z['units'])
        ac, cr, slow = self.ac, self.cr, self.slow = Params(), Params(), Params()
        self.actor = ac.mlp(feat, 2 * z['act'], z['layers'], z['units'])
        self.critic = cr.mlp(feat, z['bins'], z['layers'], z['units'], zero_out=True)
        self.slow_critic = slow.mlp(feat, z['bins'], z['layers'], z['units'], zero_out=True)
        with torch.no_grad():
            for s, c in zip(slow.tensors, cr.tensors):
                s.copy_(c)
        adam = lambda p, lr, eps: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=eps, foreach=foreach)
        self.model_opt = adam(wm.tensors, HYPER['model_lr'], HYPER['model_eps'])
        self.actor_opt = adam(ac.tensors, HYPER['ac_lr'], HYPER['ac_eps'])
        self.critic_opt = adam(cr.tensors, HYPER['ac_lr'], HYPER['ac_eps'])
        self.ret_low, self.ret_high = 0.0, 0.0

    # ---- RSSM
    def gru_step(self, x, h):
        y = layer_norm(torch.cat([x, h], 1) @ self.gru['dense']['w'], self.gru['norm'])
        r, c, u = y.chunk(3, 1)
        cand = torch.tanh(torch.sigmoid(r) * c)
        update = torch.sigmoid(u + HYPER['gru_update_bias'])
        return h + update * (cand - h)

    def deter_step(self, stoch, action, deter):
        return self.gru_step(mlp(torch.cat([stoch, action], 1), self.img_in), deter)

    def img_step(self, stoch, action, deter):
        deter = self.deter_step(stoch, action, deter)
        return cat_sample(mlp(deter, self.prior)), deter

    # ---- updates
    def step_opt(self, opt, params, loss, clip):
        opt.zero_grad(set_to_none=True)
        loss.backward(inputs=params)
        norm = torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        return loss.item(), float(norm)

    def train_model(self, obs, act, rew, first, term):
        z = SIZE
        B, T = obs.shape[0], obs.shape[1]
        tm = lambda x: x.transpose(0, 1).contiguous()          # [B, T, ...] -> [T, B, ...]
        obs_t, act_t, first_t, term_t = tm(obs), tm(act), tm(first), tm(term)
        obs_flat = symlog(obs_t.reshape(T * B, z['obs']))
        embeds = mlp(obs_flat, self.encoder).reshape(T, B, -1).unbind(0)
        stoch = torch.zeros(B, z['groups'] * z['classes'])
        deter = torch.zeros(B, z['deter'])
        deters, stochs, post_stats = [], [], []
        for t in range(T):
            keep = (1 - first_t[t])[:, None]
            stoch, deter, action = stoch * keep, deter * keep, act_t[t] * keep
            deter = self.deter_step(stoch, action, deter)
            stats = mlp(torch.cat([deter, embeds[t]], 1), self.post)
            stoch = cat_sample(stats)
            deters.append(deter); stochs.append(stoch); post_stats.append(stats)
        de, st, post = torch.cat(deters), torch.cat(stochs), torch.cat(post_stats)
        prior = mlp(de, self.prior)
        feat = torch.cat([de, st], 1)
        recon = (mlp(feat, self.decoder) - obs_flat).square().sum(1).mean()
        reward = twohot_nll(mlp(feat, self.reward), rew.transpose(0, 1).reshape(-1)).mean()
        logits = mlp(feat, self.cont).reshape(-1)
        cont = (F.softplus(logits) - logits * (1 - term_t.reshape(-1))).mean()
        dyn = cat_kl(post.detach(), prior).clamp(min=HYPER['free_nats']).mean()
        rep = cat_kl(post, prior.detach()).clamp(min=HYPER['free_nats']).mean()
        s = HYPER['scales']
        total = s['recon'] * recon + s['reward'] * reward + s['cont'] * cont + s['dyn'] * dyn + s['rep'] * rep
        loss, _norm = self.step_opt(self.model_opt, self.wm.tensors, total, HYPER['model_clip'])
        torch.stack([recon, reward, cont, dyn, rep]).tolist()       # the per-term metrics our agent reads
        return loss, (st.detach(), de.detach()), 1 - term_t.reshape(-1)

    @torch.no_grad()
    def imagine(self, start, start_cont):
        H = SIZE['H']
        stoch, deter = start
        N = stoch.shape[0]
        feats, actions = [torch.cat([deter, stoch], 1)], []
        for k in range(H):
            mean, std = actor_dist(mlp(feats[k], self.actor))
            action = mean + std * torch.randn_like(mean)
            actions.append(action)
            stoch, deter = self.img_step(stoch, action.clamp(-1, 1), deter)
            feats.append(torch.cat([deter, stoch], 1))
        later = torch.cat(feats[1:])
        reward = twohot_mean(mlp(later, self.reward)).reshape(H, N)
        cont = torch.sigmoid(mlp(later, self.cont)).reshape(H, N)
        start_feat = torch.cat(feats[:H])
        values = torch.cat([twohot_mean(mlp(start_feat, self.critic)).reshape(H, N),
                            twohot_mean(mlp(feats[H], self.critic))[None]])       # [H + 1, N]
        disc = cont * HYPER['gamma']
        returns, last = [None] * H, values[H]
        for t in range(H - 1, -1, -1):
            last = reward[t] + disc[t] * ((1 - HYPER['lam']) * values[t + 1] + HYPER['lam'] * last)
            returns[t] = last
        returns = torch.stack(returns)                                           # [H, N]
        rows = [start_cont]
        for t in range(H - 1):
            rows.append(rows[-1] * disc[t])
        weights = torch.stack(rows)
        low, high = torch.quantile(returns.reshape(-1), torch.tensor([0.05, 0.95])).tolist()
        d = HYPER['norm_decay']
        self.ret_low, self.ret_high = d * self.ret_low + (1 - d) * low, d * self.ret_high + (1 - d) * high
        scale = max(1.0, self.ret_high - self.ret_low)
        return start_feat, torch.cat(actions), returns.reshape(-1), values[:H].reshape(-1), weights.reshape(-1), scale

    def train_behavior(self, start, start_cont):
        feat, action, returns, values, weights, scale = self.imagine(start, start_cont)
        mean, std = actor_dist(mlp(feat, self.actor))
        log_std = std.log()
        log_prob = -(0.5 * ((action - mean) / std).square() + log_std + HALF_LOG_2PI).sum(1)
        entropy = (log_std + HALF_LOG_2PIE).sum(1)
        objective = log_prob * (returns - values) / scale + HYPER['entropy'] * entropy
        actor_loss, _ = self.step_opt(self.actor_opt, self.ac.tensors, -(objective * weights).mean(), HYPER['ac_clip'])
        logits = mlp(feat, self.critic)
        with torch.no_grad():
            slow_target = twohot_mean(mlp(feat, self.slow_critic))
        nll = twohot_nll(logits, returns) + HYPER['slow_reg'] * twohot_nll(logits, slow_target)
        critic_loss, _ = self.step_opt(self.critic_opt, self.cr.tensors, (nll * weights).mean(), HYPER['ac_clip'])
        with torch.no_grad():
            for s, c in zip(self.slow.tensors, self.cr.tensors):
                s.add_(c - s, alpha=HYPER['slow_rate'])
        torch.stack([returns.mean(), values.mean()]).tolist()
        return actor_loss, critic_loss

    def forward_macs(self):
        """Multiply-accumulates of the dense layers per row: (world model per B*T row, imagination per start per step)."""
        count = lambda net: sum(d['w'].numel() for d, _ in net['hidden']) + (net['out']['w'].numel() if net['out'] else 0)
        rssm = count(self.img_in) + self.gru['dense']['w'].numel()
        wm = count(self.encoder) + rssm + count(self.post) + count(self.prior) + count(self.decoder) + count(self.reward) + count(self.cont)
        imag = count(self.actor) + rssm + count(self.prior) + count(self.reward) + count(self.cont) + count(self.critic)
        return wm, imag


def stats(xs):
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / max(1, len(xs) - 1))
    return {'mean': round(m, 1), 'sd': round(sd, 1), 'min': round(min(xs), 1)}


def mapped_blas():
    with open('/proc/self/maps') as f:
        return sorted({os.path.realpath(line.split()[-1]) for line in f if any(k in line for k in ('blas', 'blis', 'mkl'))})


def main():
    z = SIZE
    print('INFO ' + json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'blas': mapped_blas(),
                                'adam_foreach': args.foreach, 'size': z}), flush=True)
    agent = Agent(args.foreach)
    obs = torch.randn(z['B'], z['T'], z['obs'])
    act = torch.empty(z['B'], z['T'], z['act']).uniform_(-1, 1)
    rew = torch.randn(z['B'], z['T'])
    first = torch.zeros(z['B'], z['T'])
    first[:, 0] = 1
    term = torch.zeros(z['B'], z['T'])
    wm_macs, imag_macs = agent.forward_macs()
    n = z['B'] * z['T']
    print(f'analytic forward GFLOP (2*MAC): world model {2 * n * wm_macs / 1e9:.1f}, imagination + heads '
          f'{2 * n * z["H"] * imag_macs / 1e9:.1f}', flush=True)
    res = {'wm': [], 'ac': [], 'wm_cpu': [], 'ac_cpu': []}
    clocks = lambda: (time.perf_counter() * 1e3, time.process_time() * 1e3)   # wall, CPU of all threads (ms)
    for i in range(args.warmup + args.reps):
        timed = i >= args.warmup
        (t0, c0) = clocks()
        loss, start, start_cont = agent.train_model(obs, act, rew, first, term)
        (t1, c1) = clocks()
        al, cl = agent.train_behavior(start, start_cont)
        (t2, c2) = clocks()
        if timed:
            res['wm'].append(t1 - t0); res['ac'].append(t2 - t1)
            res['wm_cpu'].append(c1 - c0); res['ac_cpu'].append(c2 - c1)
        print(f"{'step' if timed else 'warmup'} wm {t1 - t0:.0f}ms loss {loss:.3f} | actor+critic {t2 - t1:.0f}ms "
              f"(cpu wm {c1 - c0:.0f} ac {c2 - c1:.0f}) actorLoss {al:.3f} criticLoss {cl:.3f}", flush=True)
    print('SUMMARY ' + json.dumps({'workload': 'v3', 'threads': args.threads, 'wm_ms': stats(res['wm']),
                                   'actor_critic_ms': stats(res['ac']), 'wm_cpu_ms': stats(res['wm_cpu']),
                                   'actor_critic_cpu_ms': stats(res['ac_cpu'])}), flush=True)


if __name__ == '__main__':
    sys.exit(main())
