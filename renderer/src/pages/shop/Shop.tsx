// The customer's shop (seed Figure 6-6): the service packages the provider offers — today
// the Cloud VPN package — ordered through the wizard.
import { ServiceWizard } from './Wizard';

export function ShopPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>Shop</h1>
        <span className="sub">Cloud VPN service package</span>
      </div>
      <ServiceWizard mode={{ kind: 'order' }} />
    </div>
  );
}
