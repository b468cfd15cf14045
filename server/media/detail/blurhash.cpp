#include "media/detail/blurhash.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace lenslet::media::detail {
namespace {

constexpr char kBase83[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

void AppendBase83(std::string& out, int value, int length) {
  int divisor = 1;
  for (int i = 1; i < length; ++i) divisor *= 83;
  for (int i = 0; i < length; ++i) {
    out.push_back(kBase83[(value / divisor) % 83]);
    divisor /= 83;
  }
}

double SrgbToLinear(int value) {
  const double v = value / 255.0;
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

int LinearToSrgb(double value) {
  const double v = std::clamp(value, 0.0, 1.0);
  return v <= 0.0031308 ? static_cast<int>(v * 12.92 * 255 + 0.5)
                        : static_cast<int>((1.055 * std::pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
}

double SignPow(double value, double exponent) {
  return std::copysign(std::pow(std::abs(value), exponent), value);
}

}  // namespace

std::string EncodeBlurHash(const std::uint8_t* rgb, int width, int height, int x_components,
                           int y_components) {
  if (width <= 0 || height <= 0 || x_components < 1 || x_components > 9 || y_components < 1 ||
      y_components > 9) {
    throw std::invalid_argument("EncodeBlurHash: bad size or component count");
  }
  // Linearise once; the basis sums below visit every pixel per component.
  std::vector<double> linear(static_cast<std::size_t>(width) * height * 3);
  for (std::size_t i = 0; i < linear.size(); ++i) linear[i] = SrgbToLinear(rgb[i]);

  std::vector<double> factors;  // r, g, b per component, DC first
  for (int j = 0; j < y_components; ++j) {
    for (int i = 0; i < x_components; ++i) {
      double r = 0, g = 0, b = 0;
      for (int y = 0; y < height; ++y) {
        const double cy = std::cos(std::numbers::pi * j * y / height);
        for (int x = 0; x < width; ++x) {
          const double basis = std::cos(std::numbers::pi * i * x / width) * cy;
          const std::size_t at = (static_cast<std::size_t>(y) * width + x) * 3;
          r += basis * linear[at];
          g += basis * linear[at + 1];
          b += basis * linear[at + 2];
        }
      }
      const double scale = (i == 0 && j == 0 ? 1.0 : 2.0) / (static_cast<double>(width) * height);
      factors.insert(factors.end(), {r * scale, g * scale, b * scale});
    }
  }

  std::string hash;
  AppendBase83(hash, (x_components - 1) + (y_components - 1) * 9, 1);
  double maximum = 1;
  if (factors.size() > 3) {
    double actual = 0;
    for (std::size_t k = 3; k < factors.size(); ++k) actual = std::max(actual, std::abs(factors[k]));
    const int quantised = std::clamp(static_cast<int>(std::floor(actual * 166 - 0.5)), 0, 82);
    maximum = (quantised + 1) / 166.0;
    AppendBase83(hash, quantised, 1);
  } else {
    AppendBase83(hash, 0, 1);
  }
  AppendBase83(
      hash, (LinearToSrgb(factors[0]) << 16) + (LinearToSrgb(factors[1]) << 8) + LinearToSrgb(factors[2]), 4);
  for (std::size_t k = 3; k < factors.size(); k += 3) {
    auto quant = [&](double v) {
      return std::clamp(static_cast<int>(std::floor(SignPow(v / maximum, 0.5) * 9 + 9.5)), 0, 18);
    };
    AppendBase83(hash, quant(factors[k]) * 19 * 19 + quant(factors[k + 1]) * 19 + quant(factors[k + 2]), 2);
  }
  return hash;
}

}  // namespace lenslet::media::detail
