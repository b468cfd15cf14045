#pragma once
// Phone-sized JPEGs for the uploads, made once at start with libvips: smooth
// colour fields with sensor-like grain, so the file is the size of a real
// photo (a flat gradient compresses to almost nothing and would spare the
// server most of its decoding work).
#include <cstddef>
#include <string>
#include <vector>

namespace lenslet::bench::usermodel {

// With a non-empty `cache_dir`, images made before with the same size and
// seed are read from it and new ones written there (making them takes
// seconds; a capacity search runs the generator many times).
std::vector<std::string> MakeUploadImages(std::size_t count, int width, int height, unsigned seed,
                                          const std::string& cache_dir);

}  // namespace lenslet::bench::usermodel
