"""What bench_learned.py's and bench_learned_cg.py's child scripts share: the ads screened once
with the packaged model (screen_many, 64 at a time), keeping what the learned stage was given
(each feature call's arguments, the ads the tagger read, by chunk), then the hashed features, the
ads the model finds likely, and `tag()`, the tagger over each chunk's tagged ads. Code run in each
compared tree's own interpreter: it expects `ads`, `learned`, `model`, `tagger`, `stage` and `F`
(engine.learned.features) defined before it."""

CAPTURE = r"""
inputs, tagged = [], []
features, annotate = stage.LearnedStage.features, stage.learned_categories
stage.LearnedStage.features = staticmethod(lambda *a, **k: inputs.append(a) or features(*a, **k))
stage.learned_categories = lambda m, ad, a, *r: (a.is_commercial and tagged.append((at, ad, *r))) or annotate(
    m, ad, a, *r
)
annotate_many = getattr(stage, "learned_categories_many", None)  # a tree that tags a chunk at once
if annotate_many is not None:
    def tag_many(m, items):
        tagged.extend((at, ad, *r) for ad, a, *r in items if a.is_commercial)
        return annotate_many(m, items)
    stage.learned_categories_many = tag_many
for at in range(0, len(ads), 64):
    learned.screen_many(ads[at : at + 64])
stage.LearnedStage.features, stage.learned_categories = staticmethod(features), annotate
if annotate_many is not None:
    stage.learned_categories_many = annotate_many
chunks = [[(ad, *r) for k, ad, *r in tagged if k == at] for at in range(0, len(ads), 64)]
feats = [F.hashed(features(*a)) for a in inputs]
likely = [f for f in feats if model.probabilities(f)["commercial_sex"] >= 0.3]


def tag():
    # The tagged ads of each screen_many chunk at once (a tree without indicators_many: per ad).
    for chunk in chunks:
        if hasattr(tagger, "indicators_many"):
            tagger.indicators_many([(ad.title, ad.body, *r) for ad, *r in chunk])
        else:
            for ad, *r in chunk:
                tagger.indicators(ad.title, ad.body, *r)
    return 0
"""
