# Gappa proves the relative error of a rounded sum of doubles (positive, normal range).
# Run: gappa add-relative-error.g (exit 0: proved).
@rnd = float<ieee_64, ne>;
x = rnd(xx);
y = rnd(yy);
z = x + y;
r = rnd(z);
{ x in [-0x1p999, 0x1p999] /\ y in [-0x1p999, 0x1p999] /\ z >= 0x1p-1000
  -> (r - z) / z in [-0x1p-53, 0x1p-53] }
