// The demo account `npm run emulator:meta` (and `npm run dev`) provisions: fixed ids and secrets, so
// the seeded demo workspace can point at it without configuration. Documented in README.md.
import type { AccountInput } from "./options";

export const DEMO = {
  wabaId: "109000000000001",
  businessId: "109000000000000",
  accessToken: "EAAKIANA-DEMO-TOKEN",
  appSecret: "kianademo0appsecret0000000000000",
  verifyToken: "kiana-demo-verify-token",
  phoneNumbers: {
    main: { id: "110000000000001", displayPhoneNumber: "+1 555-010-0001", verifiedName: "Kiana Demo Store" },
    support: { id: "110000000000002", displayPhoneNumber: "+1 555-010-0002", verifiedName: "Kiana Demo Support" },
  },
} as const;

export function demoAccount(overrides: { callbackUrl?: string; appSecret?: string } = {}): AccountInput {
  return {
    wabaId: DEMO.wabaId,
    businessId: DEMO.businessId,
    name: "Kiana Demo",
    accessToken: DEMO.accessToken,
    appSecret: overrides.appSecret ?? DEMO.appSecret,
    verifyToken: DEMO.verifyToken,
    ...(overrides.callbackUrl ? { callbackUrl: overrides.callbackUrl } : {}),
    marketingMessagesEnabled: true,
    phoneNumbers: [
      { ...DEMO.phoneNumbers.main, qualityRating: "GREEN", messagingLimitTier: "TIER_1K", throughputPerSecond: 80 },
      { ...DEMO.phoneNumbers.support, qualityRating: "GREEN", messagingLimitTier: "TIER_10K", throughputPerSecond: 1000 },
    ],
    templates: [
      {
        id: "120000000000001",
        name: "hello_world",
        language: "en_US",
        category: "UTILITY",
        components: [
          { type: "HEADER", format: "TEXT", text: "Hello World" },
          { type: "BODY", text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API." },
          { type: "FOOTER", text: "WhatsApp Business Platform sample message" },
        ],
      },
      {
        id: "120000000000002",
        name: "order_update",
        language: "en_US",
        category: "UTILITY",
        components: [
          { type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped.", example: { body_text: [["Sara", "#1042"]] } },
          { type: "FOOTER", text: "Reply STOP to opt out" },
          { type: "BUTTONS", buttons: [{ type: "URL", text: "Track order", url: "https://example.com/track/{{1}}", example: ["1042"] }] },
        ],
      },
      {
        id: "120000000000003",
        name: "spring_sale",
        language: "en_US",
        category: "MARKETING",
        components: [
          { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::aW1hZ2UvcG5n:ARb-demo-handle"] } },
          { type: "BODY", text: "Hi {{1}}! Our spring sale is on: {{2}} off everything until Sunday.", example: { body_text: [["Sara", "20%"]] } },
          { type: "FOOTER", text: "Reply STOP to opt out" },
          {
            type: "BUTTONS",
            buttons: [
              { type: "QUICK_REPLY", text: "Show me" },
              { type: "QUICK_REPLY", text: "Stop promotions" },
            ],
          },
        ],
      },
    ],
  };
}
