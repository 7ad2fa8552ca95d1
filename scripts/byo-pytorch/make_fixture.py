#!/usr/bin/env python3
"""Builds test/fixtures/byo-pytorch: a multi-task network made with PyTorch and exported to ONNX
following the bundle's ONNX contract (docs/onnx.md, "The ONNX contract") for the feature spec
models/default/features.json, plus the outputs PyTorch computes on 16 fixed rows.

Run once, from the repository root, with the Python that has torch and onnx:

    /usr/bin/python3 scripts/byo-pytorch/make_fixture.py

The outputs are committed; CI does not run this script (it needs no Python).
"""
import json
import os
import re

import numpy as np
import onnx
import torch
from torch import nn

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
FEATURES = os.path.join(ROOT, 'models', 'default', 'features.json')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'byo-pytorch')
ROWS = 16
EMBED = 4
HIDDEN = 32
TOWER = 8
ITEM_SPACE = ('item_id', 'current_item_id', 'recent_items')  # one hashed item id space (4000 buckets, seed 0)


def safe(name):
    return re.sub(r'[^A-Za-z0-9_]', '_', name)


def contract(spec):
    """[(input name, dtype, width, feature)] in features.json order, as docs/onnx.md defines it."""
    inputs = []
    for f in spec['features']:
        name = 'in_' + safe(f['spec']['name'])
        if f['type'] in ('categorical', 'hashed'):
            inputs.append((name, 'int32', 1, f))
        elif f['type'] == 'bag':
            inputs.append((name, 'int32', f['spec']['maxLength'], f))
            inputs.append((name + '__weights', 'float32', f['spec']['maxLength'], f))
        elif f['type'] == 'numeric':
            inputs.append((name, 'float32', 2 if f['spec']['missing']['indicator'] else 1, f))
        else:
            raise SystemExit('unknown feature type ' + f['type'])
    return inputs


spec = json.load(open(FEATURES))
INPUTS = contract(spec)
TASKS = [(t['name'], t['kind'], t['transform']) for t in spec['tasks']]
assert [(n, d, w) for n, d, w, _ in INPUTS] == [
    ('in_region', 'int32', 1), ('in_age_bucket', 'int32', 1), ('in_primary_device', 'int32', 1),
    ('in_item_id', 'int32', 1), ('in_topic', 'int32', 1), ('in_duration', 'float32', 2),
    ('in_upload_time', 'float32', 1), ('in_device', 'int32', 1), ('in_current_item_id', 'int32', 1),
    ('in_recent_items', 'int32', 20), ('in_recent_items__weights', 'float32', 20),
], 'features.json no longer has the contract this fixture was made for'
assert [t[0] for t in TASKS] == ['click', 'watch', 'like', 'dismiss', 'rating']
BY_NAME = {n: (d, w, f) for n, d, w, f in INPUTS}
# The forward (and the ONNX graph) takes the inputs in the REVERSE of the contract's order, so
# the fixture proves the service feeds them by name, not by position.
GRAPH_ORDER = [n for n, _, _, _ in INPUTS][::-1]
ID_INPUTS = [n for n, d, _, f in INPUTS if d == 'int32' and f['type'] != 'bag']


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        tables = {}
        for name in ID_INPUTS:
            f = BY_NAME[name][2]
            key = 'item' if f['spec']['name'] in ITEM_SPACE else f['spec']['name']
            if key not in tables:
                tables[key] = nn.Embedding(f['size'], EMBED)
        self.tables = nn.ModuleDict(tables)
        self.table_of = {n: ('item' if BY_NAME[n][2]['spec']['name'] in ITEM_SPACE
                             else BY_NAME[n][2]['spec']['name']) for n in ID_INPUTS}
        width = EMBED * (len(ID_INPUTS) + 1) + 2 + 1  # ids, pooled bag, duration (value, flag), upload_time
        self.bottom = nn.Sequential(nn.Linear(width, HIDDEN), nn.ReLU())
        self.towers = nn.ModuleList(
            nn.Sequential(nn.Linear(HIDDEN, TOWER), nn.ReLU(), nn.Linear(TOWER, 1)) for _ in TASKS)

    def forward(self, in_recent_items__weights, in_recent_items, in_current_item_id, in_device,
                in_upload_time, in_duration, in_topic, in_item_id, in_primary_device, in_age_bucket,
                in_region):
        ids = {'in_region': in_region, 'in_age_bucket': in_age_bucket,
               'in_primary_device': in_primary_device, 'in_item_id': in_item_id, 'in_topic': in_topic,
               'in_device': in_device, 'in_current_item_id': in_current_item_id}
        parts = []
        for name in ID_INPUTS:
            # int32 [rows, 1] -> int64 for Embedding -> [rows, EMBED]
            parts.append(self.tables[self.table_of[name]](ids[name].long()).squeeze(1))
        bag = self.tables['item'](in_recent_items.long())          # [rows, L, EMBED]
        parts.append((bag * in_recent_items__weights.unsqueeze(2)).sum(1))  # mean pooling
        parts += [in_duration, in_upload_time]
        h = self.bottom(torch.cat(parts, 1))
        heads = []
        for (name, kind, _), tower in zip(TASKS, self.towers):
            y = tower(h)
            heads.append(torch.sigmoid(y) if kind == 'binary' else y)
        return tuple(heads)


def make_rows(rng, n, special=True):
    """Encoded inputs for n rows, keyed by input name (numpy arrays of the contract's dtype/shape)."""
    x = {}
    for name, dtype, width, f in INPUTS:
        if name.endswith('__weights'):
            continue
        if dtype == 'int32':
            size = f['size']
            if f['type'] == 'bag':
                a = np.zeros((n, width), np.int32)
                for r in range(n):
                    k = int(rng.integers(0, width + 1))
                    a[r, :k] = rng.integers(1, size, k)
                    if k > 2 and rng.random() < 0.3:
                        a[r, int(rng.integers(0, k))] = 0  # an unknown id inside the bag
                x[name] = a
            else:
                x[name] = rng.integers(1, size, (n, 1)).astype(np.int32)
        elif width == 2:
            missing = (rng.random(n) < 0.15).astype(np.float32)
            value = np.where(missing == 1, 0, rng.normal(0, 1, n)).astype(np.float32)
            x[name] = np.stack([value, missing], 1).astype(np.float32)
        else:
            x[name] = rng.normal(0, 1, (n, 1)).astype(np.float32)
    if special:
        # row 0: every id unknown (0), an empty bag, duration missing
        for name in ID_INPUTS:
            x[name][0, 0] = 0
        x['in_recent_items'][0, :] = 0
        x['in_duration'][0] = (0.0, 1.0)
        # row 1: one unknown id, an empty bag; row 2: a full bag; row 3: duration missing
        x['in_item_id'][1, 0] = 0
        x['in_recent_items'][1, :] = 0
        x['in_recent_items'][2, :] = rng.integers(1, BY_NAME['in_recent_items'][2]['size'], 20)
        x['in_duration'][3] = (0.0, 1.0)
    # pooling weights exactly as the service computes them (src/model/feeds.ts bagWeights)
    ids = x['in_recent_items']
    present = (ids != 0).sum(1, keepdims=True)
    x['in_recent_items__weights'] = np.where(
        ids != 0, np.float32(1) / np.maximum(present, 1).astype(np.float32), 0).astype(np.float32)
    return x


def f32(values):
    """float32 values as the shortest decimals that read back as the same float32."""
    return [float(str(np.float32(v))) for v in np.asarray(values).reshape(-1)]


def dump(value, indent=0, key=''):
    """JSON laid out as the project's formatter (biome, lineWidth 110) lays it out, so `npm run lint`
    accepts the file as written: objects one member per line, arrays on one line when they fit,
    else numbers filled to the width and other items one per line."""
    pad = ' ' * indent
    inner = ' ' * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return '{}'
        members = [inner + json.dumps(k) + ': ' + dump(v, indent + 2, json.dumps(k) + ': ')
                   for k, v in value.items()]
        return '{\n' + ',\n'.join(members) + '\n' + pad + '}'
    if isinstance(value, list):
        items = [dump(v, indent + 2) for v in value]
        flat = '[' + ', '.join(items) + ']'
        if '\n' not in flat and indent + len(key) + len(flat) + 1 <= 110:
            return flat
        if all(isinstance(v, (int, float)) for v in value):
            lines, line = [], ''
            for i, item in enumerate(items):
                piece = item + (',' if i < len(items) - 1 else '')
                if line and len(inner) + len(line) + 1 + len(piece) > 110:
                    lines.append(line)
                    line = piece
                else:
                    line = line + ' ' + piece if line else piece
            lines.append(line)
            return '[\n' + '\n'.join(inner + l for l in lines) + '\n' + pad + ']'
        return '[\n' + ',\n'.join(inner + i for i in items) + '\n' + pad + ']'
    return json.dumps(value)


def to_torch(x):
    return {k: torch.from_numpy(v) for k, v in x.items()}


def synthetic_targets(x):
    """Plausible targets (model space) as a fixed function of a few inputs, to train towards."""
    t = torch.from_numpy
    topic = t(x['in_topic'][:, 0]).float()
    dur = t(x['in_duration'][:, :1])
    dev = t(x['in_device'][:, :1]).float()
    z = torch.sin(topic.unsqueeze(1)) + 0.5 * dur
    click = torch.sigmoid(-2.0 + z)
    watch = 4.0 + 0.8 * dur + 0.3 * torch.cos(topic.unsqueeze(1))  # log1p(seconds)
    like = torch.sigmoid(-3.0 + 0.7 * z)
    dismiss = torch.sigmoid(-3.5 - 0.5 * z + 0.3 * dev)
    rating = 3.0 + 0.8 * torch.sin(topic.unsqueeze(1)) + 0.3 * dur
    return {'click': click, 'watch': watch, 'like': like, 'dismiss': dismiss, 'rating': rating}


def main():
    torch.manual_seed(7)
    rng = np.random.default_rng(7)
    net = Net()
    # a few hundred steps on synthetic targets, so outputs look like a served model's
    train = make_rows(rng, 2048, special=False)
    targets = synthetic_targets(train)
    tx = to_torch(train)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    net.train()
    for step in range(400):
        idx = torch.from_numpy(rng.integers(0, 2048, 256))
        out = net(*[tx[n][idx] for n in GRAPH_ORDER])
        loss = 0
        for (name, kind, _), y in zip(TASKS, out):
            target = targets[name][idx]
            if kind == 'binary':
                loss = loss + nn.functional.binary_cross_entropy(y, target)
            else:
                loss = loss + nn.functional.mse_loss(y, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print('final training loss %.4f' % float(loss))

    net.eval()
    rows = make_rows(np.random.default_rng(11), ROWS)
    args = tuple(torch.from_numpy(rows[n]) for n in GRAPH_ORDER)
    with torch.no_grad():
        outputs = [o.numpy() for o in net(*args)]
    head_names = ['head_' + safe(t[0]) for t in TASKS]

    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, 'model.onnx')
    with torch.no_grad():
        torch.onnx.export(
            net, args, path, opset_version=13, input_names=GRAPH_ORDER, output_names=head_names,
            dynamic_axes={n: {0: 'rows'} for n in GRAPH_ORDER + head_names}, do_constant_folding=True)

    model = onnx.load(path)
    onnx.checker.check_model(model)
    elem = {onnx.TensorProto.INT32: 'int32', onnx.TensorProto.FLOAT: 'float32'}

    def describe(v):
        dims = [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
        return v.name, elem.get(v.type.tensor_type.elem_type, v.type.tensor_type.elem_type), dims

    graph_inputs = [describe(v) for v in model.graph.input]
    graph_outputs = [describe(v) for v in model.graph.output]
    assert [g[0] for g in graph_inputs] == GRAPH_ORDER, graph_inputs
    for name, dtype, dims in graph_inputs:
        assert dtype == BY_NAME[name][0] and dims == ['rows', BY_NAME[name][1]], (name, dtype, dims)
    assert graph_outputs == [(h, 'float32', ['rows', 1]) for h in head_names], graph_outputs
    ops = {}
    for node in model.graph.node:
        ops[node.op_type] = ops.get(node.op_type, 0) + 1

    expected = {
        'description': 'PyTorch outputs of test/fixtures/byo-pytorch/model.onnx on fixed rows; '
                       'made by scripts/byo-pytorch/make_fixture.py',
        'features': 'models/default/features.json',
        'torch': torch.__version__,
        'onnx': onnx.__version__,
        'opset': 13,
        'rows': ROWS,
        'graphInputOrder': GRAPH_ORDER,
        'inputs': {name: {'dtype': BY_NAME[name][0], 'shape': list(rows[name].shape),
                          'data': (rows[name].reshape(-1).tolist() if BY_NAME[name][0] == 'int32'
                                   else f32(rows[name]))}
                   for name in [n for n, _, _, _ in INPUTS]},
        'outputs': {h: f32(o) for h, o in zip(head_names, outputs)},
        'space': {h: ('probability' if k == 'binary' else
                      ('log1p' if tr == 'log1p' else 'raw')) for h, (_, k, tr) in zip(head_names, TASKS)},
    }
    with open(os.path.join(OUT, 'expected.json'), 'w') as fh:
        fh.write(dump(expected) + '\n')

    print('inputs :', ', '.join('%s %s %s' % g for g in graph_inputs))
    print('outputs:', ', '.join('%s %s %s' % g for g in graph_outputs))
    print('ops    :', ops)
    print('model.onnx: %d bytes' % os.path.getsize(path))
    for h, o in zip(head_names, outputs):
        print('%-13s min %.4f max %.4f' % (h, o.min(), o.max()))


if __name__ == '__main__':
    main()
