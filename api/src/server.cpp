#include "runlog/api/server.hpp"
