/* ntkcert.h: the whole public API of libntkcert. */
#ifndef NTKCERT_H
#define NTKCERT_H
#include "ntkcert/error.h"
#include "ntkcert/interval.h"
#include "ntkcert/mpinterval.h"
#include "ntkcert/kernel.h"
#include "ntkcert/nn.h"
#include "ntkcert/rng.h"
#include "ntkcert/data.h"
#include "ntkcert/io.h"
#include "ntkcert/loss.h"
#include "ntkcert/train.h"
#include "ntkcert/km.h"
#include "ntkcert/bound.h"
#include "ntkcert/cert.h"
#include "ntkcert/ibp.h"
#include "ntkcert/audit.h"
#include "ntkcert/dyn.h"
#include "ntkcert/genbound.h"
#include "ntkcert/report.h"
#endif
