# With the rewriting hint on the last line, Gappa proves the lower end of iv_add:
# r - r 2^-53 <= x + y for r = round(x + y), x + y >= 2^-1000. Run: gappa add-lower-end.g
@rnd = float<ieee_64, ne>;
x = rnd(xx);
y = rnd(yy);
z = x + y;
r = rnd(z);
l = r - r * 0x1p-53;
{ x in [-0x1p999, 0x1p999] /\ y in [-0x1p999, 0x1p999] /\ z >= 0x1p-1000
  -> l - z <= 0 }
l - z -> z * ((r - z) / z * (1 - 0x1p-53) - 0x1p-53);
