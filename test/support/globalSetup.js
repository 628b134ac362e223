// Every test run starts from a fresh build, so bundle tests never see a stale Code.js.
module.exports = async () => {
  const { build } = await import('../../src/tools/build.mjs');
  await build({ quiet: true });
};
