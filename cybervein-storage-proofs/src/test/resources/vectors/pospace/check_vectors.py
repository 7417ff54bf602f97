#!/usr/bin/env python3
# An independent check of pospace-vectors.json written from README.md alone (Python 3, hashlib
# only): graph key, parents, labels, gamma and challenges. Run from the repository root:
#   python3 cybervein-storage-proofs/src/test/resources/vectors/pospace/check_vectors.py
# The build does not run it; PospaceVectorsTest checks the same file from Java.
import json, hashlib, struct
import os
d=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pospace-vectors.json')))
M=2**64
def tagged(tag, data): return hashlib.sha256(bytes([len(tag)])+tag.encode()+data).digest()
def mix(z):
    z=((z^(z>>30))*0xBF58476D1CE4E5B9)%M
    z=((z^(z>>27))*0x94D049BB133111EB)%M
    return z^(z>>31)
def mth(leaves):
    if len(leaves)==1: return leaves[0]
    k=1
    while k*2<len(leaves): k*=2
    return hashlib.sha256(b'\x01'+mth(leaves[:k])+mth(leaves[k:])).digest()
for v in d['vectors']:
    g=v['graph']; n=v['node_count']; L=g['layers']; dd=g['in_layer_degree']; e=g['expander_degree']
    key=int.from_bytes(tagged('cybervein/pospace/graph/v1', bytes.fromhex(g['graph_seed'])+struct.pack('>IIIQ',L,dd,e,n))[:8],'big')
    assert '%016x'%key==g['graph_key']
    w=n//L
    def word(x,j): return mix((key+(64*x+j+1)*0x9E3779B97F4A7C15)%M)
    def parents(x):
        t,i=divmod(x,w); out=[]
        if i>=1:
            out.append(x-1); fl=i.bit_length()-1
            for tt in range(1,dd):
                gg=1+word(x,2*(tt-1))%(fl+1); lo=1<<(gg-1); hi=min(1<<gg,i+1)
                out.append(x-(lo+word(x,2*(tt-1)+1)%(hi-lo)))
        if t>=1:
            for tt in range(e): out.append((t-1)*w+word(x,2*(dd-1)+tt)%w)
        return out
    for p in v['parents']: assert parents(p['node'])==p['parents'], p
    mu=bytes.fromhex(v['mu']); labels=[]
    for x in range(n):
        labels.append(tagged('cybervein/pospace/node-label/v1', mu+struct.pack('>Q',x)+b''.join(labels[p] for p in parents(x))))
    assert [l.hex() for l in labels]==v['labels']
    assert mth(labels).hex()==v['gamma']
    seed=bytes.fromhex(v['challenge_seed']); gamma=bytes.fromhex(v['gamma'])
    for kind,tag in (('storage','cybervein/pospace/storage-challenge/v1'),('commit','cybervein/pospace/commit-challenge/v1')):
        k=v[kind]['k']; out=[]; j=0
        while len(out)<k:
            b=tagged(tag,gamma+struct.pack('>QI',n,len(seed))+seed+struct.pack('>Q',j)); j+=1
            for wi in range(4):
                if len(out)==k: break
                r=int.from_bytes(b[8*wi:8*wi+8],'big')>>1
                if r < 2**63-(2**63%n): out.append(r%n)
        assert out==v[kind]['challenges'],(kind,out)
    print('ok', v['name'])
